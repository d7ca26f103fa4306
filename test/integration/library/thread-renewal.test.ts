import { afterEach, describe, expect, it, vi } from 'vitest';
import { addText, openTempLibrary, type TempLibrary } from './library-fixture';

let t: TempLibrary | undefined;

afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('SQL thread renewal', () => {
  it('hands reads and writes over to fresh threads without losing or reordering any', async () => {
    const logged: string[] = [];
    t = await openTempLibrary({ renewThreadsAfterMs: 0, log: (m) => logged.push(m) });
    const library = t.library;
    const readerThreads = new Set<number>();
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) {
      // Concurrent reads keep both readers busy while writes go on, across every hand-over.
      const [id] = await Promise.all([
        addText(library, { title: `Doc ${i}`, text: `renewal marker${i} common` }),
        ...Array.from({ length: 4 }, () => library.search({ query: 'common' })),
      ]);
      ids.push(id);
      expect((await library.search({ query: `marker${i}` })).hits.map((h) => h.id)).toEqual([id]);
      for (const thread of library.readerPoolStats().threads) readerThreads.add(thread.threadId);
    }
    const stats = library.readerPoolStats();
    expect(stats.renewals).toBeGreaterThan(2);
    expect(readerThreads.size).toBeGreaterThan(2);
    expect(stats).toMatchObject({ size: 2, timeouts: 0 });
    const all = await library.search({ query: 'common', limit: 100 });
    expect(all.hits.map((h) => h.id).sort((a, b) => a - b)).toEqual(ids);
    expect((await library.integrityCheck()).ok).toBe(true);
    // Each thread renewed ended on its own (see SqlPool's retire), none had to be stopped.
    expect(logged.filter((m) => m.includes('did not end'))).toEqual([]);
  });

  it('renews its threads together, on one schedule, however late one was renewed before', async () => {
    const period = 3000;
    const opened = performance.now();
    t = await openTempLibrary({ renewThreadsAfterMs: period });
    const library = t.library;
    const at = () => (performance.now() - opened) / period;
    const renewedAt: number[] = [];
    let seen = 0;
    // A user's pace: bursts of work with pauses, in which a renewed reader's successor starts.
    const step = async (work: Promise<unknown>[]) => {
      await Promise.all([
        ...work,
        ...Array.from({ length: 4 }, () => library.search({ query: 'common' })),
      ]);
      for (const renewals = library.readerPoolStats().renewals; seen < renewals; seen++)
        renewedAt.push(at());
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    // Reads alone through the first round: the readers are renewed at its end, the writer, with
    // fewer than RENEW_MIN_OPERATIONS writes, is not.
    while (at() < 1.5) await step([]);
    expect(renewedAt).toHaveLength(2);
    // Then writes too: the writer, overdue, is renewed at once, in the middle of round two.
    for (let i = 0; at() < 2.9; i++)
      await step(
        Array.from({ length: 3 }, (_, j) =>
          addText(library, { title: `Doc ${i}.${j}`, text: 'common words' }),
        ),
      );
    const renewedIn = (from: number, to: number) => renewedAt.filter((r) => r >= from && r < to);
    expect(renewedIn(1.5, 1.85)).toHaveLength(1);
    // At its end all three are renewed, the writer with the readers, not a period after its start.
    expect(renewedIn(1.85, 2.4)).toHaveLength(3);
    expect(renewedIn(2.4, 2.9)).toEqual([]);
  });

  it('keeps a library that is barely used on the threads it started with', async () => {
    t = await openTempLibrary({ renewThreadsAfterMs: 0 });
    const library = t.library;
    // The second reader joins just after the library opens (see SqlPool.start).
    await vi.waitFor(() => expect(library.readerPoolStats().threads).toHaveLength(2));
    const before = t.library.readerPoolStats().threads.map((thread) => thread.threadId);
    for (let i = 0; i < 10; i++) await t.library.search({ query: 'anything' });
    await addText(t.library, { title: 'One', text: 'a single document' });
    expect(t.library.readerPoolStats().renewals).toBe(0);
    expect(t.library.readerPoolStats().threads.map((thread) => thread.threadId)).toEqual(before);
  });
});

import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../electron/core/api/event-hub';
import { libraryHandlers } from '../../../electron/core/api/handlers/library.handlers';
import { Router, type Handlers } from '../../../electron/core/api/router';
import { openLibrary, SCHEMA_VERSION } from '../../../electron/core/library';
import { addText, openTempLibrary, SQL_WORKER, type TempLibrary } from './library-fixture';

let t: TempLibrary;
afterEach(() => t?.dispose());

function rawCounts(dir: string) {
  const db = new Database(path.join(dir, 'library.db'), { readonly: true });
  try {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      documents: count('SELECT count(*) FROM documents'),
      chunks: count('SELECT count(*) FROM chunks'),
      chunkIndex: count('SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH \'"shared"\''),
      titles: count('SELECT count(*) FROM title_fts'),
      documentTags: count('SELECT count(*) FROM document_tags'),
      notes: count('SELECT count(*) FROM notes'),
      tags: count('SELECT count(*) FROM tags'),
    };
  } finally {
    db.close();
  }
}

describe('library store', () => {
  it('creates the file with WAL and the current schema, and refuses a newer schema untouched', async () => {
    t = await openTempLibrary();
    await t.library.close();
    const file = path.join(t.dir, 'library.db');
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(file);
    await expect(
      openLibrary({ dir: t.dir, sqlWorkerScript: SQL_WORKER, log: () => {} }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('newer version'),
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    const fix = new Database(file);
    fix.pragma(`user_version = ${SCHEMA_VERSION}`);
    fix.close();
    t = await openTempLibrary({ dir: t.dir });
  });

  it('upgrades a library whose passage index was kept by triggers, so passages are indexed once', async () => {
    t = await openTempLibrary();
    await t.library.close();
    const old = new Database(path.join(t.dir, 'library.db'));
    old.exec(`CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
      INSERT INTO chunk_fts (rowid, text, cjk) VALUES (new.id, new.text, new.cjk);
    END`);
    old.exec('DROP INDEX documents_by_date; DROP INDEX documents_by_title; DROP INDEX documents_by_size');
    old.pragma('user_version = 1');
    old.close();
    t = await openTempLibrary({ dir: t.dir });
    await addText(t.library, { title: 'Upgraded', text: 'shared words once' });
    expect((await t.library.search({ query: 'shared' })).total).toBe(1);
    await t.library.close();
    const db = new Database(path.join(t.dir, 'library.db'), { readonly: true });
    try {
      const triggers = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'");
      expect(triggers.pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    t = await openTempLibrary({ dir: t.dir });
  });

  it('round-trips notes: create, edit, rename, delete, indexed on save', async () => {
    t = await openTempLibrary();
    const note = await t.library.createNote({
      title: 'Shopping',
      body: '# List\n\n- apples\n- pears',
      tags: ['home'],
    });
    expect(note).toMatchObject({
      type: 'note',
      path: null,
      sha256: null,
      tags: ['home'],
      noteBody: '# List\n\n- apples\n- pears',
    });
    expect((await t.library.search({ query: 'apples in:notes' })).hits.map((h) => h.id)).toEqual([
      note.id,
    ]);

    const edited = await t.library.updateNote(note.id, { body: 'bananas only' });
    expect(edited.noteBody).toBe('bananas only');
    expect((await t.library.search({ query: 'apples' })).total).toBe(0);
    expect((await t.library.search({ query: 'bananas' })).hits.map((h) => h.id)).toEqual([note.id]);

    const renamed = await t.library.updateNote(note.id, { title: 'Groceries' });
    expect(renamed.title).toBe('Groceries');
    expect((await t.library.search({ query: 'title:groceries' })).hits.map((h) => h.id)).toEqual([
      note.id,
    ]);
    expect((await t.library.search({ query: 'title:shopping' })).total).toBe(0);

    expect(await t.library.deleteNote(note.id)).toBe(true);
    await expect(t.library.getDocument(note.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(rawCounts(t.dir)).toMatchObject({
      documents: 0,
      chunks: 0,
      notes: 0,
      titles: 0,
      documentTags: 0,
      tags: 0,
    });
  });

  it('round-trips tags: add, remove, rename, merge, list with counts', async () => {
    t = await openTempLibrary();
    const a = await addText(t.library, { title: 'A', text: 'first' });
    const b = await addText(t.library, { title: 'B', text: 'second' });
    expect(await t.library.addTags([a, b], ['Work', 'draft'])).toEqual({
      changed: 4,
      byTag: [
        { tag: 'Work', ids: [a, b] },
        { tag: 'draft', ids: [a, b] },
      ],
    });
    expect(await t.library.addTags([a], ['work'])).toEqual({ changed: 0, byTag: [{ tag: 'Work', ids: [] }] });
    expect(await t.library.listTags()).toEqual([
      { name: 'draft', count: 2 },
      { name: 'Work', count: 2 },
    ]);
    expect(await t.library.removeTags([a, b], ['draft', 'nosuch'])).toEqual({ changed: 2, byTag: [{ tag: 'draft', ids: [a, b] }] });
    await t.library.addTags([a], ['draft']);
    expect((await t.library.search({ query: 'tag:draft' })).hits.map((h) => h.id)).toEqual([a]);
    expect(await t.library.renameTag('work', 'job')).toEqual({ name: 'job', count: 2 });
    expect((await t.library.search({ query: 'tag:job' })).total).toBe(2);
    expect((await t.library.search({ query: 'tag:work' })).total).toBe(0);
    expect(await t.library.renameTag('draft', 'job')).toEqual({ name: 'job', count: 2 });
    expect(await t.library.listTags()).toEqual([{ name: 'job', count: 2 }]);
    expect((await t.library.getDocument(a)).tags).toEqual(['job']);
    await expect(t.library.addTags([9999], ['x'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.library.renameTag('nope', 'x')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deletes documents with every row that belongs to them, and names blobs no longer used', async () => {
    t = await openTempLibrary();
    const long = Array.from({ length: 1200 }, (_, i) => `shared passage ${i}`);
    const a = await addText(t.library, { title: 'A', text: long, sha256: 'aa', tags: ['x'] });
    const b = await addText(t.library, {
      title: 'B',
      text: 'shared text',
      sha256: 'bb',
      tags: ['x', 'y'],
    });
    const c = await addText(t.library, { title: 'C', text: 'shared copy', sha256: 'bb' });
    expect((await t.library.stats()).chunks).toBe(1202);

    const first = await t.library.deleteDocuments([a, b, 12345]);
    expect(first).toEqual({ deleted: [a, b], missing: [12345], unreferencedBlobs: ['aa'] });
    expect((await t.library.search({ query: 'shared' })).hits.map((h) => h.id)).toEqual([c]);
    expect((await t.library.deleteDocuments([c])).unreferencedBlobs).toEqual(['bb']);
    expect(rawCounts(t.dir)).toEqual({
      documents: 0,
      chunks: 0,
      chunkIndex: 0,
      titles: 0,
      documentTags: 0,
      notes: 0,
      tags: 0,
    });
    expect(await t.library.integrityCheck()).toEqual({ ok: true, problems: [] });
    expect(await t.library.stats()).toMatchObject({ documents: 0, chunks: 0, tags: 0, byType: {} });
  });

  it('lists, pages text and finds by hash', async () => {
    t = await openTempLibrary();
    const small = await addText(t.library, {
      title: 'b small',
      text: 'x',
      sha256: 'h1',
      modifiedAt: 1000,
    });
    const big = await addText(t.library, {
      title: 'A big',
      text: ['one '.repeat(300), 'two '.repeat(300), 'three'],
      modifiedAt: 2000,
    });
    const byTitle = await t.library.list({ sort: 'title', order: 'asc', limit: 1 });
    expect(byTitle.total).toBe(2);
    expect(byTitle.items.map((d) => d.id)).toEqual([big]);
    const next = await t.library.list({
      sort: 'title',
      order: 'asc',
      limit: 1,
      cursor: byTitle.nextCursor!,
    });
    expect(next.items.map((d) => d.id)).toEqual([small]);
    expect(next.nextCursor).toBeNull();
    expect((await t.library.listIds({})).sort()).toEqual([small, big].sort());
    expect(await t.library.listIds({ tag: 'nosuch' })).toEqual([]);
    const jumped = await t.library.list({ sort: 'title', order: 'desc', limit: 5, offset: 1 });
    expect(jumped.items.map((d) => d.id)).toEqual([big]);
    expect(jumped.total).toBe(2);

    const page1 = await t.library.documentText(big, 0, 1000);
    expect(page1.sections.map((s) => s.ordinal)).toEqual([0]);
    expect(page1.totalSections).toBe(3);
    const page2 = await t.library.documentText(big, page1.nextSection!, 5000);
    expect(page2.sections.map((s) => s.ordinal)).toEqual([1, 2]);
    expect(page2.nextSection).toBeNull();

    expect(await t.library.findBySha256('h1')).toMatchObject({ id: small, state: 'ready' });
    expect(await t.library.findBySha256('nope')).toBeNull();
  });

  it('serves the contract through the router, with clear errors', async () => {
    t = await openTempLibrary();
    const router = new Router(libraryHandlers(t.library) as Handlers, {
      events: new EventHub(),
      validateOutput: true,
      log: () => {},
    });
    const ctx = { transport: 'cli' as const };
    const created = await router.invoke(
      'notes.create',
      { title: 'Hello', body: 'world of notes' },
      ctx,
    );
    expect(created).toMatchObject({ ok: true, value: { title: 'Hello', type: 'note' } });
    const found = await router.invoke('search.query', { query: 'world' }, ctx);
    expect(found).toMatchObject({
      ok: true,
      value: { total: 1, hits: [{ title: 'Hello', path: null }] },
    });
    expect(await router.invoke('search.query', { query: 'before:13' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'query_error' },
    });
    expect(await router.invoke('documents.get', { id: 999 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await router.invoke('library.stats', undefined, ctx)).toMatchObject({
      ok: true,
      value: { documents: 1, notes: 1 },
    });
    const pool = await router.invoke('library.poolStats', undefined, ctx);
    expect(pool).toMatchObject({ ok: true, value: { size: 2, queued: 0 } });
  });

  it('answers once the writer and one reader run; the other readers join right after', async () => {
    t = await openTempLibrary({ readers: 3 });
    const { library } = t;
    expect(library.readerPoolStats()).toMatchObject({ size: 3, threads: [{ busy: false }] });
    await addText(library, { title: 'First', text: 'answered by the first reader' });
    expect((await library.search({ query: 'answered' })).total).toBe(1);
    await vi.waitFor(() => expect(library.readerPoolStats().threads).toHaveLength(3));
    const queries = await Promise.all(
      Array.from({ length: 6 }, () => library.search({ query: 'reader' })),
    );
    expect(queries.every((result) => result.total === 1)).toBe(true);
    expect(library.readerPoolStats().threads.every((thread) => thread.queries > 0)).toBe(true);
  });

  it('holds the main thread for a starting SQL thread only while no read is in flight', async () => {
    // The hold is an Atomics.wait on this thread (see SqlPool.spawn): record when each begins.
    const holds: number[] = [];
    const wait = Atomics.wait.bind(Atomics);
    vi.spyOn(Atomics, 'wait').mockImplementation((...args: Parameters<typeof Atomics.wait>) => {
      holds.push(performance.now());
      return wait(...args);
    });
    const reads: [number, number][] = [];
    const read = async (query: string) => {
      const issued = performance.now();
      await t.library.search({ query });
      reads.push([issued, performance.now()]);
    };
    try {
      // Renewal after every 100 operations of a thread (RENEW_MIN_OPERATIONS).
      t = await openTempLibrary({ readers: 2, renewThreadsAfterMs: 0 });
      await read('first'); // while the second reader joins
      await addText(t.library, { title: 'Held', text: 'searched while threads come and go' });
      // As a user types: a pause between searches.
      for (let i = 0; i < 250; i++) {
        await read('searched');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    } finally {
      vi.mocked(Atomics.wait).mockRestore();
    }
    expect(t.library.readerPoolStats().renewals).toBeGreaterThanOrEqual(2);
    expect(holds.length).toBeGreaterThanOrEqual(3); // the joining reader and the renewals
    const during = holds.filter((at) => reads.some(([issued, answered]) => at > issued && at < answered));
    expect(during).toEqual([]);
  });

  it('renews the only reader at once when searches wait for it', async () => {
    t = await openTempLibrary({ readers: 1, renewThreadsAfterMs: 0 });
    await addText(t.library, { title: 'Alone', text: 'one reader renewed under searches' });
    let slowest = 0;
    for (let i = 0; i < 250; i++) {
      const issued = performance.now();
      await t.library.search({ query: 'renewed' });
      slowest = Math.max(slowest, performance.now() - issued);
    }
    expect(t.library.readerPoolStats().renewals).toBeGreaterThanOrEqual(2);
    // A read queued while no reader exists must not wait for "no read in flight" (it never
    // comes): only for the fresh thread to start, far below the 1 s that wait is capped at.
    expect(slowest).toBeLessThan(800);
  });

  it('keeps searches one after another on the reader that served most; concurrent ones spread', async () => {
    t = await openTempLibrary({ readers: 2 });
    const { library } = t;
    await addText(library, { title: 'Warm', text: 'searched again and again' });
    await vi.waitFor(() => expect(library.readerPoolStats().threads).toHaveLength(2));
    for (let i = 0; i < 20; i++) await library.search({ query: 'again' });
    const served = () => library.readerPoolStats().threads.map((thread) => thread.queries);
    expect(Math.max(...served())).toBeGreaterThanOrEqual(20);
    const [warm, cold] = [Math.max(...served()), Math.min(...served())];
    await Promise.all(Array.from({ length: 8 }, () => library.search({ query: 'searched' })));
    expect(Math.min(...served())).toBeGreaterThan(cold);
    expect(Math.max(...served())).toBeGreaterThan(warm);
  });

  it('cancels stale searches: a newer query supersedes one still queued, and a signal aborts', async () => {
    t = await openTempLibrary({ readers: 1 });
    await addText(t.library, { title: 'A', text: 'alpha beta' });
    const handlers = libraryHandlers(t.library);
    const ctx = { transport: 'cli' as const };
    const calls = ['a', 'al', 'alp', 'alpha'].map((query) =>
      Promise.resolve(handlers['search.query']({ query, limit: 20 }, ctx)),
    );
    const settled = await Promise.allSettled(calls);
    expect(settled.at(-1)).toMatchObject({ status: 'fulfilled', value: { total: 1 } });
    expect(
      settled
        .filter((s) => s.status === 'rejected')
        .every((s) => (s as PromiseRejectedResult).reason.code === 'cancelled'),
    ).toBe(true);
    expect(settled.some((s) => s.status === 'rejected')).toBe(true);

    const controller = new AbortController();
    controller.abort();
    await expect(
      t.library.search({ query: 'alpha' }, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    const stats = t.library.readerPoolStats();
    expect(stats.size).toBe(1);
    expect(stats.threads[0]!.threadId).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { lookahead } from '../../../electron/core/ingest/lookahead';
import { ProgressTracker } from '../../../electron/core/ingest/progress';
import { Semaphore } from '../../../electron/core/ingest/semaphore';
import { progressLine } from '../../../electron/host/commands/import.command';

describe('lookahead', () => {
  it('counts ahead of the consumer, but never more than the limit', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        produced++;
        yield i;
      }
    }
    let seen = 0;
    let ended = false;
    const out: number[] = [];
    for await (const item of lookahead(source(), 10, { onItem: () => (++seen, true), onEnd: () => (ended = true) })) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(produced - out.length).toBeLessThanOrEqual(12);
      out.push(item);
    }
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(seen).toBe(100);
    expect(ended).toBe(true);
  });

  it('drops items the hook handled and stops the source when the consumer stops', async () => {
    let finished = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finished = true;
      }
    }
    const out: number[] = [];
    for await (const item of lookahead(source(), 5, { onItem: (n) => n % 2 === 0 })) {
      out.push(item);
      if (out.length === 3) break;
    }
    expect(out).toEqual([0, 2, 4]);
    expect(finished).toBe(true);
  });
});

describe('Semaphore', () => {
  it('serves waiters in order and tracks its peak', async () => {
    const s = new Semaphore(3);
    const a = await s.acquire(2);
    const order: string[] = [];
    const b = s.acquire(2).then((release) => (order.push('b'), release));
    const c = s.acquire(1).then((release) => (order.push('c'), release));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    a();
    (await b)();
    (await c)();
    expect(order).toEqual(['b', 'c']);
    expect(s.peak).toBe(3);
    expect(s.inUse).toBe(0);
  });
});

describe('progress', () => {
  it('has no ETA while walking, then one from the rate', () => {
    let now = 0;
    const p = new ProgressTracker('j', () => now);
    p.state = 'running';
    p.filesTotal = 10;
    p.bytesTotal = 1000;
    expect(p.snapshot().etaSeconds).toBeNull();
    p.walking = false;
    now = 1000;
    p.filesDone = 5;
    p.bytesDone = 500;
    const snap = p.snapshot();
    expect(snap.bytesPerSecond).toBe(500);
    expect(snap.etaSeconds).toBe(1);
    expect(progressLine(snap, 10)).toBe('[#####.....] 5/10 files  0.0 MB/0.0 MB  0.0 MB/s  ETA 1s');
  });
});

import { once } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadRanker, openConnection } from '../../../electron/core/library/connection';
import type { SqlRetire, SqlThreadData } from '../../../electron/core/library/sql-protocol';
import { openTempLibrary, SQL_WORKER, type TempLibrary } from './library-fixture';

const RANKER = path.join(path.dirname(SQL_WORKER), 'skr_bm25');

let t: TempLibrary;
beforeAll(async () => {
  t = await openTempLibrary();
});
afterAll(() => t.dispose());

/** Runs a reader thread through `calls` library.stats operations, then ends it as asked. */
async function runReader(calls: number, end: 'retire' | 'terminate'): Promise<number> {
  const data: SqlThreadData = {
    file: path.join(t.dir, 'library.db'),
    role: 'reader',
    ranker: RANKER,
  };
  const worker = new Worker(SQL_WORKER, { workerData: data });
  const [ready] = (await once(worker, 'message')) as [{ kind: string }];
  expect(ready.kind).toBe('ready');
  for (let id = 1; id <= calls; id++) {
    worker.postMessage({ id, op: 'stats', args: [] });
    const [reply] = (await once(worker, 'message')) as [{ ok: boolean }];
    expect(reply.ok).toBe(true);
  }
  const exited = once(worker, 'exit');
  if (end === 'retire') worker.postMessage({ retire: true } satisfies SqlRetire);
  else void worker.terminate();
  const [code] = (await exited) as [number];
  return code;
}

// A renewed thread is retired (see SqlPool's retire): it collects its garbage, closes its
// connection and exits on its own, instead of being terminated with statements uncollected.
it('ends a retired SQL thread on its own, where a terminated one is stopped', async () => {
  expect(await runReader(200, 'retire')).toBe(0);
  expect(await runReader(200, 'terminate')).toBe(1);
});

// Malloc's bytes in use, from the ranking extension: undefined where it was not built, or without
// glibc 2.33's mallinfo2().
const probe = openConnection(':memory:');
afterAll(() => probe.close());
const mallocStats =
  loadRanker(probe, RANKER).by === 'skr_bm25'
    ? probe.prepare('SELECT skr_malloc_stats()').pluck()
    : undefined;
const inUse = (): number | undefined => {
  const json = mallocStats?.get() as string | null | undefined;
  return json ? (JSON.parse(json) as { inUseBytes: number }).inUseBytes : undefined;
};

// The statements a thread's operations hold to its end are freed with it: better-sqlite3 frees
// their native objects only as their JS objects are collected, which an ending isolate never does.
it.runIf(inUse() !== undefined)(
  "leaves none of a retired SQL thread's statements allocated",
  async () => {
    for (let i = 0; i < 3; i++) await runReader(20, 'retire');
    const before = inUse()!;
    const threads = 20;
    for (let i = 0; i < threads; i++) await runReader(20, 'retire');
    // Collecting while its operations still held their statements, each thread left 2.6-3.9 KB.
    expect((inUse()! - before) / threads).toBeLessThan(2048);
  },
);

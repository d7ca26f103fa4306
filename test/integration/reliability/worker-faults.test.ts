import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestService } from '../../../electron/core/ingest';
import type { Library } from '../../../electron/core/library';
import type { DebugTask, ProcessPool, RunOptions, WorkerTask } from '../../../electron/core/pool';
import type { ImportFailureReason, ImportProgress } from '../../../shared/channels/import';
import { isAlive } from '../../fixtures/worker-pool';
import { openIngestRig, type IngestRig } from './support/ingest-rig';

/**
 * Real faults, through a real import: a file whose extension names a fault is handed to the worker
 * as the matching fault-injection task instead of an extraction (the blob store keeps the
 * extension on its staged copy). Everything else is extracted for real.
 */
const FAULTS: Record<string, DebugTask> = {
  '.crash': { kind: 'debug.crash' },
  '.hang': { kind: 'debug.hang' },
  '.oom': { kind: 'debug.oom' },
  '.kill': { kind: 'debug.sleep', ms: 120_000 },
};

function faultyPool(pool: ProcessPool): Pick<ProcessPool, 'run' | 'size'> {
  return {
    size: pool.size,
    run: ((task: WorkerTask, opts?: RunOptions) => {
      const fault = task.kind === 'extract' ? FAULTS[path.extname(task.path)] : undefined;
      // Only the hung task gets a short timeout: a busy machine must not time out the others.
      return pool.run(
        fault ?? task,
        fault?.kind === 'debug.hang' ? { ...opts, timeoutMs: 2_000 } : opts,
      );
    }) as ProcessPool['run'],
  };
}

let rig: IngestRig;
let root: string;
let library: Library;
let pool: ProcessPool;
let ingest: IngestService;
let lastProgress: ImportProgress | undefined;

beforeAll(async () => {
  // A small heap so the out-of-memory worker dies quickly.
  rig = await openIngestRig({ pool: { heapMb: 64 }, wrapPool: faultyPool });
  ({ root, library, pool, ingest } = rig);
  rig.events.subscribe('import.progress', (p) => (lastProgress = p));
});

afterAll(async () => {
  await rig?.dispose();
});

async function folderWith(
  name: string,
  faultFile: string,
): Promise<{ dir: string; fault: string }> {
  const dir = path.join(root, name);
  await mkdir(dir);
  for (let i = 0; i < 12; i++)
    await writeFile(
      path.join(dir, `good-${i}.txt`),
      `${name}good${i}x is an ordinary file next to a faulty one\n`,
    );
  const fault = path.join(dir, faultFile);
  await writeFile(fault, `${name} fault trigger\n`);
  return { dir, fault };
}

async function waitFor<T>(
  probe: () => T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function expectOnlyFaultFails(
  name: string,
  jobId: string,
  fault: string,
  reason: ImportFailureReason,
) {
  const summary = await ingest.whenFinished(jobId);
  expect(summary.state).toBe('completed');
  expect(summary.failed).toEqual([{ path: fault, reason, message: expect.any(String) }]);
  expect(summary.failed[0]!.message.length).toBeGreaterThan(5);
  expect(summary.imported).toBe(12);
  for (let i = 0; i < 12; i++)
    expect(
      (await library.search({ query: `${name}good${i}x` })).hits,
      `${name} good ${i}`,
    ).toHaveLength(1);
  expect(await library.listIncompleteDocuments()).toEqual([]);
  expect(await readdir(ingest.blobs.tmpDir)).toEqual([]);
}

describe('worker faults during an import', () => {
  it('a file that crashes the extractor fails alone as crashed (after one retry)', async () => {
    const before = pool.stats();
    const { dir, fault } = await folderWith('crashing', 'boom.crash');
    await expectOnlyFaultFails('crashing', ingest.start([dir]), fault, 'crashed');
    expect(pool.stats().retries - before.retries).toBe(1);
    expect(pool.stats().restarts - before.restarts).toBe(2);
  });

  it('a worker that hangs is killed at the timeout and its file fails alone as timeout', async () => {
    const before = pool.stats();
    const { dir, fault } = await folderWith('hanging', 'stuck.hang');
    await expectOnlyFaultFails('hanging', ingest.start([dir]), fault, 'timeout');
    expect(pool.stats().restarts - before.restarts).toBeGreaterThanOrEqual(1);
  });

  it('a worker that runs out of memory fails its file alone as out_of_memory', async () => {
    const { dir, fault } = await folderWith('hungry', 'greedy.oom');
    await expectOnlyFaultFails('hungry', ingest.start([dir]), fault, 'out_of_memory');
  });

  it('a worker killed mid-task twice fails its file alone as crashed', async () => {
    const { dir, fault } = await folderWith('killed', 'victim.kill');
    const jobId = ingest.start([dir]);
    // Once every other file is done, the one busy worker is the one running the victim.
    await waitFor(
      () =>
        lastProgress?.jobId === jobId &&
        !lastProgress.walking &&
        lastProgress.filesDone === lastProgress.filesTotal - 1,
      'the other files',
    );
    const first = await waitFor(() => pool.workers().find((w) => w.busy)?.pid, 'the busy worker');
    process.kill(first, 'SIGKILL');
    const second = await waitFor(
      () => pool.workers().find((w) => w.busy && w.pid !== first)?.pid,
      'the retry',
    );
    process.kill(second, 'SIGKILL');
    await expectOnlyFaultFails('killed', jobId, fault, 'crashed');
  });

  it('recovers: the pool still has live workers, and a plain import afterwards succeeds', async () => {
    const dir = path.join(root, 'after');
    await mkdir(dir);
    await writeFile(path.join(dir, 'after.txt'), 'afterfaultstoken all is well again\n');
    const summary = await ingest.whenFinished(ingest.start([dir]));
    expect(summary).toMatchObject({ state: 'completed', imported: 1, failed: [] });
    expect((await library.search({ query: 'afterfaultstoken' })).hits).toHaveLength(1);
    const live = pool
      .workers()
      .map((w) => w.pid!)
      .filter(isAlive);
    expect(live.length).toBeGreaterThan(0);
  });
});

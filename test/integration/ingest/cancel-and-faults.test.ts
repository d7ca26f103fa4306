import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Semaphore } from '../../../electron/core/ingest/semaphore';
import { ImportJob, type WorkItem } from '../../../electron/core/ingest/import-job';
import { openIngestRig, type IngestRig } from './ingest-fixture';

let src: string;
let rig: IngestRig;

beforeAll(async () => {
  src = await mkdtemp(path.join(os.tmpdir(), 'skr-ingest-faults-'));
});

afterAll(async () => {
  await rm(src, { recursive: true, force: true });
});

afterEach(async () => {
  await rig?.dispose();
});

/** A text file of about `mb` MiB whose every line names `word`. */
async function bigText(name: string, mb: number, word: string): Promise<string> {
  const line = `${word} carries on through the long plain text, line after line of ordinary words.\n`;
  const file = path.join(src, name);
  await writeFile(file, line.repeat(Math.ceil((mb * 1024 * 1024) / line.length)));
  return file;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('cancel', () => {
  it('stops the job and leaves no half-imported document nor temporary file', async () => {
    rig = await openIngestRig();
    const folder = path.join(src, 'cancel');
    await mkdir(folder);
    for (let i = 0; i < 40; i++) await writeFile(path.join(folder, `note-${i}.txt`), `cancellable note number ${i} about pelicans\n`);
    const big = await bigText('cancel/huge.txt', 40, 'albatross');
    const jobId = rig.ingest.start([big, folder]);
    // Cancel while the big file is streaming into an importing row.
    await waitFor(() => (rig.pool.stats().busy > 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(rig.ingest.cancel(jobId)).toBe(true);
    const summary = await rig.ingest.whenFinished(jobId);
    expect(summary.state).toBe('cancelled');
    expect(await rig.library.listIncompleteDocuments()).toEqual([]);
    expect((await rig.library.search({ query: 'albatross' })).hits).toEqual([]);
    expect(await readdir(rig.ingest.blobs.tmpDir)).toEqual([]);
    const stats = await rig.library.stats();
    expect(stats.documents).toBe(summary.imported);
    expect(rig.seen('import.finished').at(-1)).toMatchObject({ jobId, state: 'cancelled' });
  });
});

describe('worker crashes', () => {
  it('completes an import around a worker killed mid-file (retried on a fresh worker)', async () => {
    // One file at a time, in walk order: the first busy worker is on the big file.
    rig = await openIngestRig({ poolSize: 1, concurrency: 1 });
    const big = await bigText('crash-once.txt', 30, 'cormorant');
    const small = path.join(src, 'crash-neighbour.txt');
    await writeFile(small, 'a neighbouring file about herons\n');
    const jobId = rig.ingest.start([big, small]);
    const pid = await waitFor(() => rig.pool.workers().find((w) => w.busy)?.pid);
    process.kill(pid, 'SIGKILL');
    const summary = await rig.ingest.whenFinished(jobId);
    expect(summary).toMatchObject({ state: 'completed', imported: 2, failed: [] });
    expect(rig.pool.stats().retries).toBe(1);
    expect((await rig.library.search({ query: 'cormorant' })).hits).toHaveLength(1);
    expect(await rig.library.listIncompleteDocuments()).toEqual([]);
  });

  it('fails only the file whose worker dies twice', async () => {
    // One file at a time, in walk order: the first busy worker is on the big file.
    rig = await openIngestRig({ poolSize: 1, concurrency: 1 });
    const big = await bigText('crash-twice.txt', 30, 'gannet');
    const small = path.join(src, 'crash-survivor.txt');
    await writeFile(small, 'a surviving file about puffins\n');
    const jobId = rig.ingest.start([big, small]);
    const first = await waitFor(() => rig.pool.workers().find((w) => w.busy)?.pid);
    process.kill(first, 'SIGKILL');
    const second = await waitFor(() => rig.pool.workers().find((w) => w.busy && w.pid !== first)?.pid);
    process.kill(second, 'SIGKILL');
    const summary = await rig.ingest.whenFinished(jobId);
    expect(summary.state).toBe('completed');
    expect(summary.failed).toEqual([{ path: big, reason: 'crashed', message: expect.any(String) }]);
    expect(summary.imported).toBe(1);
    expect((await rig.library.search({ query: 'gannet' })).hits).toEqual([]);
    expect((await rig.library.search({ query: 'puffins' })).hits).toHaveLength(1);
    expect(await rig.library.listIncompleteDocuments()).toEqual([]);
    expect(await readdir(rig.ingest.blobs.tmpDir)).toEqual([]);
  });
});

describe('files that vanish or change after the walk saw them', () => {
  it('reports vanished and changed, and imports the rest', async () => {
    rig = await openIngestRig();
    const kept = path.join(src, 'kept.txt');
    const changed = path.join(src, 'changed.txt');
    await writeFile(kept, 'a file that stays put, about ospreys\n');
    await writeFile(changed, 'a file that grows while imported\n');
    const keptStat = await stat(kept);
    const changedStat = await stat(changed);
    const gone = path.join(src, 'gone.txt');
    // What the walk saw: `gone.txt` existed then; `changed.txt` was shorter then.
    const items: WorkItem[] = [
      { type: 'file', path: gone, size: 10, mtimeMs: Date.now() },
      { type: 'file', path: changed, size: changedStat.size - 5, mtimeMs: changedStat.mtimeMs },
      { type: 'file', path: kept, size: keptStat.size, mtimeMs: keptStat.mtimeMs },
    ];
    const job = new ImportJob('test-job', 'paths', [src], async function* () {
      yield* items;
    }, {
      library: rig.library,
      pool: rig.pool,
      blobs: rig.ingest.blobs,
      handles: new Semaphore(8),
      concurrency: 2,
      lookahead: 10,
      maxReported: 100,
      thumbnailsDir: path.join(rig.dir, 'thumbnails'),
      onChange: () => {},
      onDocument: () => {},
      log: () => {},
    });
    const summary = await job.run();
    expect(summary.imported).toBe(1);
    expect(summary.failed).toEqual(
      expect.arrayContaining([
        { path: gone, reason: 'vanished', message: expect.any(String) },
        { path: changed, reason: 'changed', message: expect.any(String) },
      ]),
    );
    expect(await readdir(rig.ingest.blobs.tmpDir)).toEqual([]);
  });
});

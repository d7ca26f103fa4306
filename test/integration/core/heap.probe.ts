/**
 * Run by heap-tuning.test.ts in a fresh process (bundled first, run with --expose-gc): with `core`,
 * opens the core (whose SQL threads start after it set its flags); with `renewing`, also opens a
 * library whose reader thread is renewed after every 100 reads, in the midst of the allocation that
 * follows each round of reads. Then allocates as an import does (many short strings, a few kept a
 * while) and prints, as JSON, the main isolate's new-space size and the slack of its old space
 * (bytes of pages held beyond the objects in them) once half of many long-lived objects have died.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

const [mode, distDir] = process.argv.slice(2);
const space = (name: string) => getHeapSpaceStatistics().find((s) => s.space_name === name)!;
const gc = (globalThis as { gc?: () => void }).gc!;

function churn(passages = 400_000): void {
  let kept: string[] = [];
  for (let i = 0; i < passages; i++) {
    const passage = `passage ${i} `.repeat(80);
    if (i % 50 === 0) kept.push(passage);
    if (kept.length > 500) kept = [];
  }
}

/** Kept to the end of the probe, so that no GC frees them early. */
const survivors: unknown[] = [];

/** Old-space bytes held beyond its objects after every other one of 300,000 old objects died. */
function oldSpaceSlackAfterHalfDies(): number {
  const records: Array<object | null> = Array.from({ length: 300_000 }, (_, i) => ({
    id: i,
    path: `/docs/${i}.txt`,
  }));
  survivors.push(records);
  gc();
  gc();
  for (let i = 0; i < records.length; i += 2) records[i] = null;
  gc();
  const old = space('old_space');
  return old.space_size - old.space_used_size;
}

const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'skr-heap-probe-'));
try {
  let core: { close(): Promise<void> } | null = null;
  if (mode === 'core' || mode === 'renewing') {
    const { openCore } = await import('../../../electron/core/app-core');
    core = await openCore({
      libraryDir,
      role: 'cli',
      distDir: distDir!,
      appVersion: 'test',
      log: () => {},
    });
  }
  if (mode === 'renewing') {
    const { openLibrary } = await import('../../../electron/core/library');
    const library = await openLibrary({
      dir: path.join(libraryDir, 'renewing'),
      sqlWorkerScript: path.join(distDir!, 'core', 'sql-worker.mjs'),
      readers: 1,
      renewThreadsAfterMs: 0,
    });
    // Each round's reads renew the reader once, in the midst of the churn of the rounds around it.
    for (let round = 0; round < 40; round++) {
      await Promise.all(Array.from({ length: 100 }, () => library.stats()));
      churn(50_000);
    }
    await library.close();
  }
  for (let round = 0; round < 5; round++) {
    churn();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const newSpaceBytes = space('new_space').space_size;
  process.stdout.write(
    `${JSON.stringify({ newSpaceBytes, oldSpaceSlackBytes: oldSpaceSlackAfterHalfDies() })}\n`,
  );
  await core?.close();
} finally {
  rmSync(libraryDir, { recursive: true, force: true });
}

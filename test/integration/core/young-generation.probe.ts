/**
 * Run by young-generation.test.ts in a fresh process (bundled first): with `core`, opens the core
 * (whose SQL threads start after it set its flag); with `renewing`, also opens a library whose
 * reader thread is renewed after every 100 reads, in the midst of the allocation that follows each
 * round of reads. Then allocates as an import does (many short strings, a few kept a while) and
 * prints the main isolate's new-space size in bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

const [mode, distDir] = process.argv.slice(2);
const newSpaceBytes = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size;

function churn(passages = 400_000): void {
  let kept: string[] = [];
  for (let i = 0; i < passages; i++) {
    const passage = `passage ${i} `.repeat(80);
    if (i % 50 === 0) kept.push(passage);
    if (kept.length > 500) kept = [];
  }
}

const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'skr-young-generation-'));
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
  process.stdout.write(`${newSpaceBytes()}\n`);
  await core?.close();
} finally {
  rmSync(libraryDir, { recursive: true, force: true });
}

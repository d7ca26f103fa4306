/**
 * Run by young-generation.test.ts in a fresh process (bundled first): with `core`, opens the core
 * (whose SQL threads start after it set its flag); then allocates as an import does (many short
 * strings, a few kept a while) and prints the main isolate's new-space size in bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

const [mode, distDir] = process.argv.slice(2);
const newSpaceBytes = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size;

function churn(): void {
  let kept: string[] = [];
  for (let i = 0; i < 400_000; i++) {
    const passage = `passage ${i} `.repeat(80);
    if (i % 50 === 0) kept.push(passage);
    if (kept.length > 500) kept = [];
  }
}

const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'skr-young-generation-'));
try {
  let core: { close(): Promise<void> } | null = null;
  if (mode === 'core') {
    const { openCore } = await import('../../../electron/core/app-core');
    core = await openCore({
      libraryDir,
      role: 'cli',
      distDir: distDir!,
      appVersion: 'test',
      log: () => {},
    });
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

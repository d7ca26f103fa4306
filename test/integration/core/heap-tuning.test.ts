import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const MB = 1024 * 1024;
// Measured: 17–19 MB of old-space slack without compaction, 0.8–1.3 MB with it (partly filled pages).
const UNCOMPACTED_SLACK = 8 * MB;
const COMPACTED_SLACK = 3 * MB;

describe('the heap of the process that runs the core', () => {
  // Inside the project, so the bundle's external packages resolve from node_modules.
  const probe = path.join(root, 'dist', 'heap.probe.mjs');

  beforeAll(async () => {
    await build({
      entryPoints: [path.join(import.meta.dirname, 'heap.probe.ts')],
      outfile: probe,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
  });
  afterAll(() => rmSync(probe, { force: true }));

  const runProbe = (mode: 'plain' | 'core' | 'renewing') =>
    JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', probe, mode, path.join(root, 'dist')], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as { newSpaceBytes: number; oldSpaceSlackBytes: number };

  it('in a plain process, grows its young generation under an import-like allocation rate and keeps the pages of dead old objects', () => {
    const { newSpaceBytes, oldSpaceSlackBytes } = runProbe('plain');
    expect(newSpaceBytes).toBeGreaterThanOrEqual(16 * MB);
    expect(oldSpaceSlackBytes).toBeGreaterThanOrEqual(UNCOMPACTED_SLACK);
  });

  it('keeps its young generation at the size it had when the core opened, although starting SQL threads resets the flag, and compacts its old space', () => {
    const { newSpaceBytes, oldSpaceSlackBytes } = runProbe('core');
    expect(newSpaceBytes).toBeLessThanOrEqual(8 * MB);
    expect(oldSpaceSlackBytes).toBeLessThan(COMPACTED_SLACK);
  });

  it('stays so while SQL threads are renewed in the middle of that allocation', () => {
    const { newSpaceBytes, oldSpaceSlackBytes } = runProbe('renewing');
    expect(newSpaceBytes).toBeLessThanOrEqual(8 * MB);
    expect(oldSpaceSlackBytes).toBeLessThan(COMPACTED_SLACK);
  });
});

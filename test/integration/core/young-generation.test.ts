import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const MB = 1024 * 1024;

describe('the young generation of the process that runs the core', () => {
  // Inside the project, so the bundle's external packages resolve from node_modules.
  const probe = path.join(root, 'dist', 'young-generation.probe.mjs');

  beforeAll(async () => {
    await build({
      entryPoints: [path.join(import.meta.dirname, 'young-generation.probe.ts')],
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

  const newSpaceAfterChurn = (mode: 'plain' | 'core' | 'renewing') =>
    Number(
      execFileSync(process.execPath, [probe, mode, path.join(root, 'dist')], {
        cwd: root,
        encoding: 'utf8',
      }),
    );

  it('grows to many megabytes under an import-like allocation rate in a plain process', () => {
    expect(newSpaceAfterChurn('plain')).toBeGreaterThanOrEqual(16 * MB);
  });

  it('stays at the size it had when the core opened, although starting SQL threads resets the flag', () => {
    expect(newSpaceAfterChurn('core')).toBeLessThanOrEqual(8 * MB);
  });

  it('stays so while SQL threads are renewed in the middle of that allocation', () => {
    expect(newSpaceAfterChurn('renewing')).toBeLessThanOrEqual(8 * MB);
  });
});

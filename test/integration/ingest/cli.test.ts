import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skr } from '../../support/skr';

let src: string;
let library: string;

beforeAll(async () => {
  src = await mkdtemp(path.join(os.tmpdir(), 'skr-cli-import-src-'));
  library = await mkdtemp(path.join(os.tmpdir(), 'skr-cli-import-lib-'));
  await mkdir(path.join(src, 'sub'));
  await writeFile(path.join(src, 'wren.txt'), 'the wren sings loudly for its size\n');
  await writeFile(path.join(src, 'sub', 'robin.md'), '# Robin\n\nA robin guards its garden all winter.\n');
  await writeFile(path.join(src, 'sub', 'empty.txt'), '');
});

afterAll(async () => {
  await rm(src, { recursive: true, force: true });
  await rm(library, { recursive: true, force: true });
});

describe('skr import and skr check', () => {
  it('imports a folder and prints the summary as one JSON object', () => {
    const result = skr(['--library', library, 'import', src, path.join(src, 'missing.txt'), '--json']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toEqual({
      imported: 2,
      duplicates: 0,
      failed: [{ path: path.join(src, 'missing.txt'), reason: 'vanished' }],
      skipped: [{ path: path.join(src, 'sub', 'empty.txt'), reason: 'empty' }],
      documents: 2,
      bytes: expect.any(Number),
      ms: expect.any(Number),
    });
    expect(summary.bytes).toBeGreaterThan(60);
  });

  it('reports duplicates on a second import, and a usage error without paths', () => {
    const again = JSON.parse(skr(['--library', library, 'import', src, '--json']).stdout);
    expect(again).toMatchObject({ imported: 0, duplicates: 2, documents: 2 });
    expect(skr(['--library', library, 'import']).status).toBe(2);
  });

  it('checks the library, finds an orphan blob and repairs it', async () => {
    expect(JSON.parse(skr(['--library', library, 'check', '--json']).stdout)).toEqual({ ok: true, problems: [] });
    const orphan = path.join(library, 'blobs', 'cd', 'cd', 'cd'.repeat(32));
    await mkdir(path.dirname(orphan), { recursive: true });
    await writeFile(orphan, 'orphan');
    const damaged = skr(['--library', library, 'check', '--json']);
    expect(damaged.status).toBe(1);
    expect(JSON.parse(damaged.stdout)).toMatchObject({ ok: false, problems: [{ kind: 'orphan_blob', repaired: false }] });
    const repaired = skr(['--library', library, 'check', '--repair', '--json']);
    expect(repaired.status).toBe(0);
    expect(JSON.parse(repaired.stdout)).toMatchObject({ ok: true, problems: [{ kind: 'orphan_blob', repaired: true }] });
    expect(JSON.parse(skr(['--library', library, 'check', '--json']).stdout)).toEqual({ ok: true, problems: [] });
  });
});

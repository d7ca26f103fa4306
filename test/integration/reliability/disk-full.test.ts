import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStreamed } from '../../fixtures/hostile/streamed-files';
import { tempDir } from '../../support/skr';
import { allDocuments, fullText, viewLibrary } from './support/library-view';
import { skrJson, spawnSkr } from './support/skr-process';

interface ImportJson {
  imported: number;
  failed: Array<{ path: string; reason: string }>;
  documents: number;
}
interface CheckJson {
  ok: boolean;
  problems: Array<{ kind: string; repaired: boolean }>;
}

const SMALL_FILES = 8;
const REPAIRABLE = new Set(['incomplete_import', 'orphan_blob', 'temp_file', 'stray_file']);

let root: string;
let src: string;
let libraryDir: string;
let mounted = false;
const tails = new Map<string, string>();

/** Mounts an 8 MiB tmpfs (the tests run as root); fails loudly where that is not allowed. */
function mountSmallFilesystem(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `the disk-full test needs to mount an 8 MiB tmpfs at ${dir} (run as root, or with CAP_SYS_ADMIN): ${result.stderr || result.error}`,
    );
  }
  mounted = true;
}

beforeAll(async () => {
  root = tempDir('skr-diskfull-');
  src = path.join(root, 'source');
  libraryDir = path.join(root, 'small-disk');
  mkdirSync(src);
  mountSmallFilesystem(libraryDir);
  // Small notes that fit, and one file larger than the whole filesystem: its copy into the
  // library runs out of space. (See the report: when the database itself fills up, an import
  // can stall; that case is left out until it is fixed.)
  for (let i = 0; i < SMALL_FILES; i++) {
    const file = path.join(src, `note-${i}.txt`);
    const tail = `fulltail${i}x`;
    await writeFile(file, `fullhead${i}x a short note that fits easily.\n${tail}\n`);
    tails.set(file, tail);
  }
  const big = path.join(src, 'too-big-for-the-disk.txt');
  await writeStreamed(big, 12 * 1024 * 1024, 'fulltailbigx', 100);
  tails.set(big, 'fulltailbigx');
});

afterAll(() => {
  if (mounted) {
    const result = spawnSync('umount', [libraryDir]);
    if (result.status !== 0) spawnSync('umount', ['-l', libraryDir]);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('an import into a library on a full disk', () => {
  let imported: ImportJson;

  it('fails the files that do not fit with a clear disk_full reason, without crashing', async () => {
    const run = await skrJson<ImportJson>(['--library', libraryDir, 'import', src]);
    imported = run.value;
    console.log(
      `disk full: ${imported.imported} imported, ${imported.failed.length} failed (${[...new Set(imported.failed.map((f) => f.reason))].join(', ')})`,
    );
    expect(imported.failed).toEqual([
      { path: path.join(src, 'too-big-for-the-disk.txt'), reason: 'disk_full' },
    ]);
    expect(imported.imported).toBe(SMALL_FILES);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says so in words a person understands', async () => {
    // A second run: everything that fitted is a duplicate, the big file fails again, in plain text this time.
    const { stdout } = await spawnSkr(['--library', libraryDir, 'import', src]).done;
    expect(stdout).toMatch(/disk_full \(the disk holding the library is full\)/);
  });

  it('keeps the database consistent: check finds only what --repair removes', async () => {
    const check = await skrJson<CheckJson>(['--library', libraryDir, 'check']);
    expect(check.value.problems.map((p) => p.kind).filter((k) => !REPAIRABLE.has(k))).toEqual([]);
    const repair = await skrJson<CheckJson>(['--library', libraryDir, 'check', '--repair']);
    expect(repair.value.ok).toBe(true);
    expect(await skrJson<CheckJson>(['--library', libraryDir, 'check'])).toMatchObject({
      value: { ok: true, problems: [] },
    });
    expect(readdirSync(path.join(libraryDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('holds each document complete and searchable, or not at all', async () => {
    const library = await viewLibrary(libraryDir);
    try {
      const documents = await allDocuments(library);
      expect(documents.length).toBe(imported.imported);
      for (const doc of documents) {
        const tail = tails.get(doc.path!)!;
        expect(await fullText(library, doc.id)).toContain(tail);
        expect((await library.search({ query: tail })).hits).toHaveLength(1);
      }
      for (const { path: file } of imported.failed)
        expect((await library.search({ query: tails.get(file)! })).hits).toEqual([]);
    } finally {
      await library.close();
    }
  });
});

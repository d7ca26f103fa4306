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

const REPAIRABLE = new Set(['incomplete_import', 'orphan_blob', 'temp_file', 'stray_file']);
/** An import that stalls on a full disk must fail the test, not hang it. */
const IMPORT_DEADLINE_MS = 60_000;

let root: string;
const mounts: string[] = [];

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
  mounts.push(dir);
}

async function importWithDeadline(libraryDir: string, src: string): Promise<ImportJson> {
  const run = spawnSkr(['--library', libraryDir, 'import', src, '--json']);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), IMPORT_DEADLINE_MS);
  const { status, signal, stdout, stderr } = await run.done;
  clearTimeout(timer);
  if (signal)
    throw new Error(
      `the import on a full disk did not finish within ${IMPORT_DEADLINE_MS} ms:\n${stderr}`,
    );
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(status).toBe(0);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ImportJson;
}

async function expectRepairable(libraryDir: string): Promise<void> {
  const check = await skrJson<CheckJson>(['--library', libraryDir, 'check']);
  expect(check.value.problems.map((p) => p.kind).filter((k) => !REPAIRABLE.has(k))).toEqual([]);
  const repair = await skrJson<CheckJson>(['--library', libraryDir, 'check', '--repair']);
  expect(repair.value.ok).toBe(true);
  expect(await skrJson<CheckJson>(['--library', libraryDir, 'check'])).toMatchObject({
    value: { ok: true, problems: [] },
  });
  expect(readdirSync(path.join(libraryDir, 'blobs', 'tmp'))).toEqual([]);
}

async function expectWholeOrAbsent(
  libraryDir: string,
  tails: Map<string, string>,
  imported: ImportJson,
): Promise<void> {
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
}

beforeAll(() => {
  root = tempDir('skr-diskfull-');
});

afterAll(() => {
  for (const dir of mounts) {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('an import whose copy into the library fills the disk', () => {
  const tails = new Map<string, string>();
  let src: string;
  let libraryDir: string;
  let big: string;
  let imported: ImportJson;

  beforeAll(async () => {
    src = path.join(root, 'copy-source');
    libraryDir = path.join(root, 'copy-disk');
    mkdirSync(src);
    mountSmallFilesystem(libraryDir);
    // Small notes that fit, and one file larger than the whole filesystem.
    for (let i = 0; i < 8; i++) {
      const file = path.join(src, `note-${i}.txt`);
      await writeFile(file, `fullhead${i}x a short note that fits easily.\nfulltail${i}x\n`);
      tails.set(file, `fulltail${i}x`);
    }
    big = path.join(src, 'too-big-for-the-disk.txt');
    await writeStreamed(big, 12 * 1024 * 1024, 'fulltailbigx', 100);
    tails.set(big, 'fulltailbigx');
  });

  it('fails that file alone with a clear disk_full reason, without crashing', async () => {
    imported = await importWithDeadline(libraryDir, src);
    expect(imported.failed).toEqual([{ path: big, reason: 'disk_full' }]);
    expect(imported.imported).toBe(8);
  });

  it('says so in words a person understands', async () => {
    // A second run: the notes are duplicates, the big file fails again, in plain text this time.
    const { stdout } = await spawnSkr(['--library', libraryDir, 'import', src]).done;
    expect(stdout).toMatch(/disk_full \(the disk holding the library is full\)/);
  });

  it('keeps the library consistent: check finds only what --repair removes', () =>
    expectRepairable(libraryDir));

  it('holds each document complete and searchable, or not at all', () =>
    expectWholeOrAbsent(libraryDir, tails, imported));
});

describe('an import whose database writes fill the disk', () => {
  const tails = new Map<string, string>();
  let src: string;
  let libraryDir: string;
  let imported: ImportJson;

  beforeAll(async () => {
    src = path.join(root, 'db-source');
    libraryDir = path.join(root, 'db-disk');
    mkdirSync(src);
    mountSmallFilesystem(libraryDir);
    // 40 different files of ~290 KB: the copies fit at first, the index and WAL do not.
    for (let i = 0; i < 40; i++) {
      const file = path.join(src, `part-${String(i).padStart(2, '0')}.txt`);
      const body = Array.from(
        { length: 5000 },
        (_, line) =>
          `Line ${line} of part ${i} carries words number ${line * 31 + i} and ${line ^ i}.`,
      ).join('\n');
      await writeFile(file, `fullhead${i}x\n${body}\nfulltail${i}x\n`);
      tails.set(file, `fulltail${i}x`);
    }
  });

  it('finishes, failing what does not fit as disk_full and nothing else', async () => {
    imported = await importWithDeadline(libraryDir, src);
    console.log(
      `database full: ${imported.imported} imported, ${imported.failed.length} failed as disk_full`,
    );
    expect(imported.failed.length).toBeGreaterThan(0);
    expect(imported.failed.filter((f) => f.reason !== 'disk_full')).toEqual([]);
    expect(imported.imported + imported.failed.length).toBe(40);
  });

  it('reports, while the disk is still full, only problems --repair removes, or says the disk is full', async () => {
    const check = await skrJson<CheckJson>(['--library', libraryDir, 'check']);
    expect(check.value.problems.map((p) => p.kind).filter((k) => !REPAIRABLE.has(k))).toEqual([]);
    // Repairing writes to the database too; on a disk with no room left it may only say so.
    const { status, stdout, stderr } = await spawnSkr([
      '--library',
      libraryDir,
      'check',
      '--repair',
      '--json',
    ]).done;
    if (status !== 0)
      expect(`${stdout}${stderr}`).toMatch(/disk holding the library is full|"ok":false/);
    // Whatever the database could do, the files that take the room are gone.
    expect(readdirSync(path.join(libraryDir, 'blobs', 'tmp'))).toEqual([]);
    console.log(`repair on the full disk: exit ${status}, ${stdout.trim().split('\n').at(-1)}`);
  });

  it('repairs fully once there is room again', async () => {
    // The user frees some space: here, the filesystem grows.
    const grown = spawnSync('mount', ['-o', 'remount,size=16m', libraryDir], { encoding: 'utf8' });
    expect(grown.status, grown.stderr).toBe(0);
    await expectRepairable(libraryDir);
  });

  it('holds each document complete and searchable, or not at all', () =>
    expectWholeOrAbsent(libraryDir, tails, imported));
});

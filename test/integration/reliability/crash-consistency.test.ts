import { readdirSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStreamed } from '../../fixtures/hostile/streamed-files';
import { isAlive } from '../../fixtures/worker-pool';
import { tempDir } from '../../support/skr';
import { allDocuments, fullText, viewLibrary } from './support/library-view';
import { descendants } from './support/process-tree';
import { skrJson, spawnSkr } from './support/skr-process';

const SMALL_FILES = 240;
const BIG_FILES = 3;
const REPAIRABLE = new Set(['incomplete_import', 'orphan_blob', 'temp_file', 'stray_file']);

interface CheckJson {
  ok: boolean;
  problems: Array<{ kind: string; message: string; repaired: boolean }>;
}
interface ImportJson {
  imported: number;
  duplicates: number;
  failed: Array<{ path: string; reason: string }>;
  documents: number;
}

let root: string;
let src: string;
let libraryDir: string;
/** Path → the word that opens it and the word that closes it. */
const files = new Map<string, { head: string; tail: string }>();

async function sleep(ms: number) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

function countBlobs(dir: string): number {
  const blobs = path.join(dir, 'blobs');
  let count = 0;
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'tmp') visit(path.join(d, entry.name));
      else if (entry.isFile()) count++;
    }
  };
  try {
    visit(blobs);
  } catch {
    return 0;
  }
  return count;
}

beforeAll(async () => {
  root = tempDir('skr-crash-');
  src = path.join(root, 'source');
  libraryDir = path.join(root, 'library');
  await mkdir(src);
  for (let i = 0; i < SMALL_FILES; i++) {
    const file = path.join(src, `note-${String(i).padStart(4, '0')}.txt`);
    const head = `crashhead${i}x`;
    const tail = `crashtail${i}x`;
    await writeFile(
      file,
      `${head} begins note ${i}.\n${'Ordinary words fill the middle of this note, line after line.\n'.repeat(60)}${tail}\n`,
    );
    files.set(file, { head, tail });
  }
  // Large files in between, so the kill often lands while one streams into the database.
  for (let i = 0; i < BIG_FILES; i++) {
    const file = path.join(src, `note-${String(i * 80 + 40).padStart(4, '0')}-big.txt`);
    const tail = `bigtail${i}x`;
    await writeStreamed(file, 4 * 1024 * 1024, tail, 200);
    files.set(file, { head: 'lorem', tail });
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('kill -9 of the core in the middle of a large import', () => {
  let killedAt = 0;

  it('is killed mid-way, and its workers do not outlive it', async () => {
    const run = spawnSkr(['--library', libraryDir, 'import', src, '--json']);
    const pid = run.child.pid!;
    const started = Date.now();
    while (countBlobs(libraryDir) < 50) {
      if (run.child.exitCode !== null)
        throw new Error(`the import ended before it could be killed:\n${(await run.done).stderr}`);
      if (Date.now() - started > 60_000) throw new Error('the import made no progress in 60 s');
      await sleep(20);
    }
    const workers = descendants(pid);
    expect(workers.length).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    const { signal } = await run.done;
    expect(signal).toBe('SIGKILL');
    killedAt = countBlobs(libraryDir);
    // Orphaned workers notice their parent is gone and exit.
    const until = Date.now() + 10_000;
    while (workers.some(isAlive) && Date.now() < until) await sleep(50);
    expect(workers.filter(isAlive)).toEqual([]);
    expect(killedAt).toBeLessThan(files.size);
  });

  it('leaves only problems that --repair fixes, and --repair fixes them', async () => {
    const first = await skrJson<CheckJson>(['--library', libraryDir, 'check']);
    const kinds = first.value.problems.map((p) => p.kind);
    console.log(
      `after kill -9 with ${killedAt} blobs stored: check reports ${kinds.length} problem(s): ${[...new Set(kinds)].join(', ') || 'none'}`,
    );
    expect(kinds.filter((k) => !REPAIRABLE.has(k))).toEqual([]);

    const repair = await skrJson<CheckJson>(['--library', libraryDir, 'check', '--repair']);
    expect(repair.value.ok).toBe(true);
    expect(repair.value.problems.every((p) => p.repaired)).toBe(true);
    expect(await skrJson<CheckJson>(['--library', libraryDir, 'check'])).toMatchObject({
      status: 0,
      value: { ok: true, problems: [] },
    });
  });

  it('holds every document either complete and searchable, or not at all', async () => {
    const library = await viewLibrary(libraryDir);
    try {
      const documents = await allDocuments(library);
      expect(documents.length).toBeGreaterThan(0);
      const present = new Set<string>();
      for (const doc of documents) {
        const expected = files.get(doc.path!);
        expect(expected, `unexpected document ${doc.path}`).toBeDefined();
        present.add(doc.path!);
        const text = await fullText(library, doc.id);
        expect(
          text.includes(expected!.head) && text.includes(expected!.tail),
          `${doc.path} is incomplete`,
        ).toBe(true);
        expect((await library.search({ query: expected!.tail })).hits.map((h) => h.id)).toContain(
          doc.id,
        );
      }
      // What is absent left no trace in the index.
      for (const [file, { tail }] of files) {
        if (!present.has(file))
          expect((await library.search({ query: tail })).hits, file).toEqual([]);
      }
      console.log(
        `after repair: ${documents.length} of ${files.size} documents complete, the rest absent`,
      );
    } finally {
      await library.close();
    }
  });

  it('completes when the import is run again', async () => {
    const again = await skrJson<ImportJson>(['--library', libraryDir, 'import', src]);
    expect(again.status).toBe(0);
    expect(again.value.failed).toEqual([]);
    expect(again.value.documents).toBe(files.size);
    expect(await skrJson<CheckJson>(['--library', libraryDir, 'check'])).toMatchObject({
      value: { ok: true, problems: [] },
    });
    const library = await viewLibrary(libraryDir);
    try {
      for (const { tail } of files.values())
        expect((await library.search({ query: tail })).hits, tail).toHaveLength(1);
    } finally {
      await library.close();
    }
  });
});

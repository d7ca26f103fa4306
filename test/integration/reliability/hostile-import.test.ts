import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../../electron/core/library';
import type { DocumentSummary } from '../../../shared/channels/library';
import { writeHostileCorpus, type HostileCorpus } from '../../fixtures/hostile/hostile-corpus';
import { tempDir } from '../../support/skr';
import { diffSnapshots, snapshotTree } from './support/fs-snapshot';
import { allDocuments, viewLibrary } from './support/library-view';
import { sampleRss, type RssPeaks } from './support/process-tree';
import { skrJson, spawnSkr } from './support/skr-process';

const MB = 1024 * 1024;
/** The caps the app holds itself to: the memory alert of the whole app, and the pool's per-worker recycle cap. */
const MAIN_RSS_CAP = 512 * MB;
const WORKER_RSS_CAP = 768 * MB;

interface ImportJson {
  imported: number;
  failed: Array<{ path: string; reason: string }>;
  skipped: Array<{ path: string; reason: string }>;
  documents: number;
}

let root: string;
let libraryDir: string;
let corpus: HostileCorpus;
let result: { status: number | null; json: ImportJson; stderr: string };
let peaks: RssPeaks;
let before: Map<string, string>;
let library: Library;
let documents: DocumentSummary[];

beforeAll(async () => {
  root = tempDir('skr-hostile-');
  libraryDir = path.join(root, 'library');
  corpus = await writeHostileCorpus(root);
  before = snapshotTree(root, [libraryDir]);
  const run = spawnSkr(['--library', libraryDir, 'import', corpus.dir, '--json']);
  const sampler = sampleRss(run.child.pid!);
  const { status, stdout, stderr } = await run.done;
  peaks = sampler.stop();
  result = {
    status,
    json: JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as ImportJson,
    stderr,
  };
  library = await viewLibrary(libraryDir);
  documents = await allDocuments(library);
  console.log(
    `hostile import: ${result.json.imported} imported, ${result.json.failed.length} failed, ${result.json.skipped.length} skipped; ` +
      `peak RSS main ${(peaks.main / MB).toFixed(0)} MB, worker ${(peaks.worker / MB).toFixed(0)} MB, tree ${(peaks.total / MB).toFixed(0)} MB (${peaks.samples} samples)`,
  );
}, 180_000);

afterAll(async () => {
  await library?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('importing the hostile corpus', () => {
  it('finishes the job, whatever the files', () => {
    expect(result.status, result.stderr).toBe(0);
    expect(result.json.documents).toBe(documents.length);
  });

  it('gives every entry its expected outcome, each failure alone with a reason', async () => {
    const failed = new Map(result.json.failed.map((f) => [f.path, f.reason]));
    const skipped = new Map(result.json.skipped.map((s) => [s.path, s.reason]));
    const imported = new Set(documents.map((d) => d.path));
    const outcomes: string[] = [];
    for (const entry of corpus.entries) {
      const { expect: e } = entry;
      const got = imported.has(entry.path)
        ? 'imported'
        : failed.has(entry.path)
          ? `failed:${failed.get(entry.path)}`
          : skipped.has(entry.path)
            ? `skipped:${skipped.get(entry.path)}`
            : 'absent';
      outcomes.push(`${entry.name} → ${got}`);
      if (e.outcome === 'imported') {
        expect(got, entry.name).toBe('imported');
        const hits = (await library.search({ query: e.token })).hits;
        expect(
          hits.map((h) => h.path),
          `${entry.name}: search ${e.token}`,
        ).toContain(entry.path);
      } else if (e.outcome === 'failed') {
        expect(
          e.reasons.map((r) => `failed:${r}`),
          entry.name,
        ).toContain(got);
      } else if (e.outcome === 'skipped') {
        expect(
          e.reasons.map((r) => `skipped:${r}`),
          entry.name,
        ).toContain(got);
      } else {
        expect(['imported', ...e.reasons.map((r) => `failed:${r}`)], entry.name).toContain(got);
      }
    }
    console.log(outcomes.join('\n'));
    // Nothing outside the corpus list failed or was imported (e.g. a file inside a followed link loop).
    const known = new Set(corpus.entries.map((e) => e.path));
    expect([...failed.keys()].filter((p) => !known.has(p))).toEqual([]);
    expect(documents.filter((d) => !known.has(d.path!)).map((d) => d.path)).toEqual([]);
  });

  it('lets no script text and nothing from outside the archive into the index', async () => {
    for (const token of corpus.forbiddenTokens)
      expect((await library.search({ query: token })).hits, token).toEqual([]);
  });

  it('executes nothing: no payload created its file', () => {
    for (const file of corpus.tripwires) expect(existsSync(file), file).toBe(false);
  });

  it('writes nothing outside the library folder, and leaves the sources untouched', () => {
    expect(diffSnapshots(before, snapshotTree(root, [libraryDir]))).toEqual([]);
    const links: string[] = [];
    const visit = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        const s = lstatSync(full);
        if (s.isSymbolicLink()) links.push(full);
        else if (s.isDirectory()) visit(full);
      }
    };
    visit(libraryDir);
    expect(links).toEqual([]);
  });

  it('stays under the memory caps in the main process and in every worker', () => {
    expect(peaks.samples).toBeGreaterThan(10);
    expect(peaks.main).toBeLessThan(MAIN_RSS_CAP);
    expect(peaks.worker).toBeLessThan(WORKER_RSS_CAP);
  });

  it('leaves a library that checks clean', async () => {
    await library.close();
    const check = await skrJson<{ ok: boolean; problems: unknown[] }>([
      '--library',
      libraryDir,
      'check',
    ]);
    expect(check.value).toEqual({ ok: true, problems: [] });
    library = await viewLibrary(libraryDir);
  });
});

import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExtractionCorpus, type ExtractionCorpus } from '../../fixtures/extraction-corpus';
import { importPaths, openIngestRig, type IngestRig } from './ingest-fixture';

let dir: string;
let corpus: ExtractionCorpus;
let rig: IngestRig;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skr-ingest-src-'));
  corpus = await writeExtractionCorpus(dir);
  rig = await openIngestRig();
});

afterAll(async () => {
  await rig?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const reasonOf = (failed: { path: string; reason: string }[], file: string) => failed.find((f) => f.path === file)?.reason;

describe('importing a folder of every supported type', () => {
  let summary: Awaited<ReturnType<typeof importPaths>>;

  beforeAll(async () => {
    summary = await importPaths(rig, [dir]);
  });

  it('imports the good files, makes them searchable and reports the bad ones alone', async () => {
    expect(summary.state).toBe('completed');
    const failedPaths = new Set(summary.failed.map((f) => f.path));
    for (const good of [corpus.utf8, corpus.markdown, corpus.html, corpus.pdf, corpus.docx, corpus.epub, corpus.odt, corpus.jpeg, corpus.png, corpus.csv]) {
      expect(failedPaths.has(good), `${good} should import`).toBe(false);
    }
    for (const bad of [corpus.truncatedPdf, corpus.truncatedDocx, corpus.truncatedEpub, corpus.truncatedOdt, corpus.truncatedJpeg, corpus.truncatedPng, corpus.pngBomb]) {
      expect(reasonOf(summary.failed, bad), `${bad} should fail`).toMatch(/^(corrupt|too_large|unsupported)$/);
    }
    expect(reasonOf(summary.failed, corpus.unknownBinary)).toBeUndefined();
    expect(summary.skipped).toContainEqual({ path: corpus.empty, reason: 'empty' });
    expect(summary.imported).toBe(rig.seen('import.document').length);
    expect(summary.imported).toBeGreaterThanOrEqual(15);

    for (const [query, title] of [
      ['renard', 'A Small Book'],
      ['Revenue', 'Quarterly Report'],
      ['Fuchs', 'Meeting Notes'],
      ['farmer', 'Field Guide'],
    ] as const) {
      const result = await rig.library.search({ query });
      expect(result.hits.map((h) => h.title), query).toContain(title);
    }
    // A file of a type we cannot read is kept and found by its name.
    const byName = await rig.library.search({ query: 'blob' });
    const unknown = byName.hits.find((h) => h.path === corpus.unknownBinary);
    expect(unknown?.type).toBe('other');
    expect((await rig.library.getDocument(unknown!.id)).noText).toBe(true);
  });

  it('stores each file once, content-addressed, with no temporary copy left', async () => {
    const stats = await rig.library.stats();
    expect(stats.documents).toBe(summary.imported);
    const blobs: string[] = [];
    for await (const blob of rig.ingest.blobs.list()) blobs.push(blob.sha256!);
    expect(blobs).toHaveLength(summary.imported);
    expect(await readdir(rig.ingest.blobs.tmpDir)).toEqual([]);
    expect(await rig.library.listIncompleteDocuments()).toEqual([]);
  });

  it('keeps the worker’s metrics, kind and thumbnail', async () => {
    const hit = (await rig.library.search({ query: 'Revenue' })).hits[0]!;
    const doc = await rig.library.getDocument(hit.id);
    expect(doc.metrics).toMatchObject({ words: expect.any(Number), chars: expect.any(Number), readingMinutes: 1 });
    expect(doc.language).toBe('en');
    const photo = (await rig.library.list({ type: 'image', limit: 10 })).items;
    expect(photo.length).toBe(2);
    expect(photo.some((p) => p.thumbnail?.startsWith('thumbnails/'))).toBe(true);
  });

  it('reports only duplicates when the same folder is imported again', async () => {
    const again = await importPaths(rig, [dir]);
    expect(again.state).toBe('completed');
    expect(again.imported).toBe(0);
    expect(again.duplicates).toBe(summary.imported);
    expect(again.failed.map((f) => f.path).sort()).toEqual(summary.failed.map((f) => f.path).sort());
  });

  it('retries the failed files as a new job', async () => {
    const retryId = rig.ingest.retryFailed(summary.jobId);
    expect(retryId).not.toBeNull();
    const retried = await rig.ingest.whenFinished(retryId!);
    expect(retried.imported).toBe(0);
    expect(retried.failed.map((f) => f.reason).sort()).toEqual(summary.failed.map((f) => f.reason).sort());
    expect(rig.ingest.jobs().map((j) => j.id)).toContain(retryId);
  });

  it('reported progress as it went, ending with every file done', () => {
    const progress = rig.seen('import.progress').filter((p) => p.jobId === summary.jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ state: 'completed', walking: false });
    expect(progress.at(-1)!.filesDone).toBe(progress.at(-1)!.filesTotal);
    expect(rig.seen('import.finished').find((f) => f.jobId === summary.jobId)).toMatchObject({ state: 'completed', imported: summary.imported });
  });
});

describe('walking', () => {
  it('reports symlink loops, dangling links and special files, and a missing root', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'skr-walk-'));
    try {
      await mkdir(path.join(root, 'a', 'b'), { recursive: true });
      await writeFile(path.join(root, 'a', 'b', 'deep.txt'), 'a deeply nested walrus note\n');
      await symlink(path.join(root, 'a'), path.join(root, 'a', 'b', 'loop'));
      await symlink(path.join(root, 'nowhere'), path.join(root, 'dangling'));
      execFileSync('mkfifo', [path.join(root, 'pipe')]);
      const missing = path.join(root, 'missing.txt');
      const summary = await importPaths(rig, [root, missing]);
      expect(summary.state).toBe('completed');
      expect(summary.imported).toBe(1);
      expect(summary.skipped).toEqual(
        expect.arrayContaining([
          { path: path.join(root, 'a', 'b', 'loop'), reason: 'symlink_loop' },
          { path: path.join(root, 'dangling'), reason: 'dangling_link' },
          { path: path.join(root, 'pipe'), reason: 'special_file' },
        ]),
      );
      expect(summary.failed).toEqual([{ path: missing, reason: 'vanished', message: expect.any(String) }]);
      expect((await rig.library.search({ query: 'walrus' })).hits).toHaveLength(1);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

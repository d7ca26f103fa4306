import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLibrary } from '../../../electron/core/ingest';
import { importPaths, openIngestRig, type IngestRig } from './ingest-fixture';

let src: string;
let rig: IngestRig;

beforeAll(async () => {
  src = await mkdtemp(path.join(os.tmpdir(), 'skr-check-src-'));
  for (const name of ['kestrel', 'merlin', 'hobby']) await writeFile(path.join(src, `${name}.txt`), `notes about the ${name}, a small falcon\n`);
  rig = await openIngestRig();
  const summary = await importPaths(rig, [src]);
  expect(summary.imported).toBe(3);
});

afterAll(async () => {
  await rig?.dispose();
  await rm(src, { recursive: true, force: true });
});

describe('skr check', () => {
  it('says ok on a healthy library', async () => {
    expect(await checkLibrary(rig.library, rig.ingest.blobs)).toEqual({ ok: true, problems: [] });
  });

  it('reports each kind of damage, and --repair fixes what it can', async () => {
    const blobs = rig.ingest.blobs;
    const kestrel = (await rig.library.search({ query: 'kestrel' })).hits[0]!;
    const lostSha = (await rig.library.getDocument(kestrel.id)).sha256!;
    await unlink(blobs.pathOf(lostSha));

    const orphanSha = 'ab'.repeat(32);
    await mkdir(path.dirname(blobs.pathOf(orphanSha)), { recursive: true });
    await writeFile(blobs.pathOf(orphanSha), 'nobody refers to me');

    const merlin = (await rig.library.search({ query: 'merlin' })).hits[0]!;
    const corruptSha = (await rig.library.getDocument(merlin.id)).sha256!;
    await writeFile(blobs.pathOf(corruptSha), 'bit rot');

    const stuck = await rig.library.beginDocument({ title: 'half imported', kind: 'text', sha256: null });
    await rig.library.appendChunks(stuck, [{ ordinal: 0, text: 'an unfinished passage about harriers' }]);

    await mkdir(blobs.tmpDir, { recursive: true });
    await writeFile(path.join(blobs.tmpDir, 'leftover.txt'), 'interrupted copy');

    const report = await checkLibrary(rig.library, blobs);
    expect(report.ok).toBe(false);
    const kinds = report.problems.map((p) => p.kind).sort();
    expect(kinds).toEqual(['corrupt_blob', 'incomplete_import', 'missing_blob', 'orphan_blob', 'temp_file']);
    expect(report.problems.every((p) => !p.repaired)).toBe(true);

    const repaired = await checkLibrary(rig.library, blobs, { repair: true });
    const fixed = repaired.problems.filter((p) => p.repaired).map((p) => p.kind).sort();
    expect(fixed).toEqual(['incomplete_import', 'orphan_blob', 'temp_file']);
    expect(repaired.ok).toBe(false);

    const after = await checkLibrary(rig.library, blobs);
    expect(after.problems.map((p) => p.kind).sort()).toEqual(['corrupt_blob', 'missing_blob']);
    expect(await rig.library.listIncompleteDocuments()).toEqual([]);
    expect(await blobs.has(orphanSha)).toBe(false);
  });
});

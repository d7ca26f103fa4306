import { mkdir, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIngestRig, type IngestRig } from './support/ingest-rig';

const FILES = 240;
const TOUCHED = 120;

let rig: IngestRig;
let src: string;
const names: string[] = [];

beforeAll(async () => {
  rig = await openIngestRig();
  src = path.join(rig.root, 'source');
  await mkdir(src);
  const filler = 'Words that fill a file so that copying it takes a moment.\n'.repeat(1500);
  for (let i = 0; i < FILES; i++) {
    const file = path.join(src, `file-${String(i).padStart(3, '0')}.txt`);
    await writeFile(file, `vanishtoken${i}x\n${filler}`);
    names.push(file);
  }
});
afterAll(async () => {
  await rig?.dispose();
});

describe('files that vanish or change while the import runs', () => {
  it('are reported as vanished or changed, and the rest imports', async () => {
    const walked = new Promise<void>((resolve) =>
      rig.events.subscribe('import.progress', (p) => {
        if (!p.walking && p.filesTotal === FILES) resolve();
      }),
    );
    const jobId = rig.ingest.start([src]);
    await walked;
    // The walk has listed everything; most files are still waiting their turn.
    const touched = names.slice(-TOUCHED);
    await Promise.all(touched.map((file, i) => (i % 2 ? rm(file) : truncate(file, 10))));
    const summary = await rig.ingest.whenFinished(jobId);

    expect(summary.state).toBe('completed');
    const reasons = new Map(summary.failed.map((f) => [f.path, f.reason]));
    const counts = { vanished: 0, changed: 0, imported: 0 };
    for (const [i, file] of touched.entries()) {
      const hit = (await rig.library.search({ query: `vanishtoken${names.indexOf(file)}x` })).hits;
      if (reasons.has(file)) {
        expect(reasons.get(file), file).toBe(i % 2 ? 'vanished' : 'changed');
        expect(hit).toEqual([]);
        counts[reasons.get(file) as 'vanished' | 'changed']++;
      } else {
        // Already imported before it was touched: then it is whole.
        expect(hit, file).toHaveLength(1);
        counts.imported++;
      }
    }
    console.log(
      `vanishing files: ${counts.vanished} vanished, ${counts.changed} changed, ${counts.imported} imported before being touched`,
    );
    expect(counts.vanished).toBeGreaterThan(10);
    expect(counts.changed).toBeGreaterThan(10);
    // Every untouched file imported; nothing but the touched ones failed.
    expect([...reasons.keys()].filter((file) => !touched.includes(file))).toEqual([]);
    expect(summary.imported).toBe(FILES - reasons.size);
    expect(await rig.library.listIncompleteDocuments()).toEqual([]);
    expect(await readdir(rig.ingest.blobs.tmpDir)).toEqual([]);
  });
});

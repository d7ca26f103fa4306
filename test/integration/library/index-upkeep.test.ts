import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addText, openTempLibrary, type TempLibrary } from './library-fixture';

let t: TempLibrary | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

function inspect(dir: string) {
  const db = new Database(path.join(dir, 'library.db'), { readonly: true });
  try {
    const segments = (table: string) => db.prepare(`SELECT count(DISTINCT segid) FROM ${table}_idx`).pluck().get() as number;
    return {
      tombstones: db.prepare('SELECT count(*) FROM tombstones').pluck().get() as number,
      chunkSegments: segments('chunk_fts'),
      titleSegments: segments('title_fts'),
    };
  } finally {
    db.close();
  }
}

function vacuumedBytes(dir: string): number {
  const file = path.join(dir, 'library.db');
  const db = new Database(file);
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return statSync(file).size;
}

const words = (i: number) => `upkeep${i} shared passage number ${i} ` + 'lorem ipsum dolor '.repeat(40);

describe('index upkeep', () => {
  it('leaves no trace of deleted documents: segments merged, delete markers and tombstones gone', async () => {
    const fresh = await openTempLibrary();
    await fresh.library.close();
    const baseline = vacuumedBytes(fresh.dir);
    t = await openTempLibrary({ dir: fresh.dir });
    for (let round = 0; round < 3; round++) {
      const ids: number[] = [];
      for (let i = 0; i < 40; i++) ids.push(await addText(t.library, { title: `Doc ${round}-${i}`, text: [words(i), words(i + 1)] }));
      expect((await t.library.search({ query: 'shared' })).total).toBe(40);
      await t.library.deleteDocuments(ids);
    }
    expect(inspect(t.dir).tombstones).toBe(120);
    await t.library.settleIndex();
    expect(inspect(t.dir)).toEqual({ tombstones: 0, chunkSegments: expect.any(Number), titleSegments: expect.any(Number) });
    expect(inspect(t.dir).chunkSegments).toBeLessThanOrEqual(1);
    expect((await t.library.search({ query: 'shared' })).total).toBe(0);
    await t.library.close();
    expect(vacuumedBytes(t.dir)).toBeLessThanOrEqual(baseline);
    t = await openTempLibrary({ dir: fresh.dir });
  });

  it('keeps every reader right when the tombstones it never saw are pruned', async () => {
    t = await openTempLibrary({ readers: 2 });
    const keep = await addText(t.library, { title: 'Keeper', text: 'shared survivor text', tags: ['kept'] });
    const gone: number[] = [];
    for (let i = 0; i < 5; i++) gone.push(await addText(t.library, { title: `Gone ${i}`, text: 'shared doomed text', tags: ['doomed'] }));
    // Both reader threads load their caches with all six documents.
    const warm = await Promise.all([1, 2, 3, 4].map(() => t!.library.search({ query: 'shared' })));
    expect(warm.map((r) => r.total)).toEqual([6, 6, 6, 6]);
    await t.library.deleteDocuments(gone);
    await t.library.settleIndex();
    expect(inspect(t.dir).tombstones).toBe(0);
    const after = await Promise.all([1, 2, 3, 4].map(() => t!.library.search({ query: 'shared' })));
    for (const result of after) {
      expect(result.total).toBe(1);
      expect(result.hits.map((h) => h.id)).toEqual([keep]);
    }
    // A filter alone lists documents from the reader's cache, so a stale cache would list the dead.
    for (const result of await Promise.all([1, 2, 3, 4].map(() => t!.library.search({ query: 'type:text' })))) expect(result.total).toBe(1);
    expect((await t.library.search({ query: 'tag:doomed' })).total).toBe(0);
    expect((await t.library.search({ query: 'tag:kept shared' })).total).toBe(1);
    const later = await addText(t.library, { title: 'Later', text: 'shared newcomer' });
    expect((await t.library.search({ query: 'shared' })).hits.map((h) => h.id).sort()).toEqual([keep, later].sort());
  });

  it('drops tombstones even in a library that is never idle', async () => {
    t = await openTempLibrary({ idleMaintenanceMs: 60_000, busyTombstonePruneMs: 0 });
    const keep = await addText(t.library, { title: 'Keeper', text: 'busy survivor' });
    expect((await t.library.search({ query: 'type:text' })).total).toBe(1);
    for (let round = 0; round < 3; round++) {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await addText(t.library, { title: `Busy ${round}-${i}`, text: 'busy doomed' }));
      await t.library.deleteDocuments(ids);
      expect(inspect(t.dir).tombstones).toBe(0);
      expect((await t.library.search({ query: 'type:text' })).hits.map((h) => h.id)).toEqual([keep]);
    }
  });

  it('runs by itself once writes pause, and never while they go on', async () => {
    t = await openTempLibrary({ idleMaintenanceMs: 300 });
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push(await addText(t.library, { title: `Busy ${i}`, text: words(i) }));
    await t.library.deleteDocuments(ids);
    expect(inspect(t.dir).tombstones).toBe(20);
    await new Promise((r) => setTimeout(r, 100));
    expect(inspect(t.dir).tombstones).toBe(20);
    await expect.poll(() => inspect(t!.dir).tombstones, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => inspect(t!.dir).chunkSegments, { timeout: 10_000 }).toBeLessThanOrEqual(1);
  });
});

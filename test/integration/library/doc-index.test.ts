import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../electron/core/library/connection';
import { DocIndex } from '../../../electron/core/library/doc-index';
import { emptyFilters, type QueryFilters } from '../../../electron/core/library/query-parser';
import { openTempLibrary, type TempLibrary } from './library-fixture';

/**
 * The reader threads' document index on a real library file whose documents come and go: its
 * arrays and scans follow the documents the library holds, not every id it ever gave.
 */
let t: TempLibrary;
let db: Db;
let index: DocIndex;

beforeEach(async () => {
  t = await openTempLibrary({ readers: 1 });
  db = openConnection(path.join(t.dir, 'library.db'), { readonly: true });
  index = new DocIndex(db);
});

afterEach(async () => {
  db?.close();
  await t?.dispose();
});

const refresh = () => db.transaction(() => index.refresh())();
const filters = (overrides: Partial<QueryFilters>): QueryFilters => ({
  ...emptyFilters(),
  ...overrides,
});

function add(count: number, round: number, tags?: string[]): Promise<number[]> {
  return t.library.addDocuments(
    Array.from({ length: count }, (_, i) => ({
      meta: {
        title: `Round ${round} file ${i}`,
        kind: i % 2 ? 'text' : 'markdown',
        originalPath: `/imports/${round}/${i}.txt`,
      },
      chunks: [{ ordinal: 0, text: `round ${round} passage ${i}` }],
      final: { language: 'en', tags },
    })),
  );
}

describe('document index', () => {
  it('spans only the documents held while imports are deleted round after round', async () => {
    let ids: number[] = [];
    for (let round = 0; round < 8; round++) {
      ids = await add(300, round, [`round-${round}`]);
      refresh();
      expect(index.readyCount).toBe(300);
      expect(index.first).toBeLessThanOrEqual(Math.min(...ids));
      expect(index.size).toBeGreaterThan(Math.max(...ids));
      if (round < 7) {
        await t.library.deleteDocuments(ids);
        refresh();
        expect(index.readyCount).toBe(0);
      }
    }
    // 2,400 ids given; the last 300 held, and the scans start past the deleted ones.
    expect(Math.min(...ids)).toBeGreaterThan(2000);
    expect(index.first).toBeGreaterThan(2000);
    expect(index.size - index.first).toBeLessThan(400);

    const markdown = ids.filter((_, i) => i % 2 === 0);
    const keepMarkdown = index.filter(filters({ types: ['markdown'] }));
    expect(ids.filter(keepMarkdown)).toEqual(markdown);
    const keepTagged = index.filter(filters({ tags: ['round-7'] }));
    expect(ids.every(keepTagged)).toBe(true);
    expect(index.filter(filters({ tags: ['round-6'] }))(ids[0]!)).toBe(false);
    // Ids below and above the ones held are simply not ready.
    for (const id of [0, 1, 299, index.first - 1, index.size, index.size + 5000]) {
      expect(index.isReady(id)).toBe(false);
      expect(keepMarkdown(id)).toBe(false);
      expect(index.filter(emptyFilters())(id)).toBe(false);
    }
    expect(
      index.facets(
        ids.map((id) => ({ id })),
        () => 1,
      ),
    ).toEqual({ total: 300, types: { markdown: 150, text: 150 }, tags: { 'round-7': 300 } });
  });

  it('widens downwards for an older document that becomes ready later, tags and all', async () => {
    const pending = await t.library.beginDocument({
      title: 'Slow import',
      kind: 'text',
      mime: 'text/plain',
      size: 10,
      sha256: null,
      originalPath: '/imports/slow.txt',
      modifiedAt: Date.UTC(2020, 0, 1),
    });
    const early = await add(2500, 0);
    const late = await add(10, 1);
    await t.library.deleteDocuments(early);
    refresh();
    expect(index.first).toBeGreaterThan(pending);
    expect(index.size - index.first).toBeLessThan(20);

    await t.library.appendChunks(pending, [{ ordinal: 0, text: 'slow passage' }]);
    await t.library.commitDocument(pending, { language: 'de', tags: ['slow', 'old'] });
    refresh();
    expect(index.first).toBeLessThanOrEqual(pending);
    expect(index.readyCount).toBe(11);
    expect(index.isReady(pending)).toBe(true);
    expect(index.dateOf(pending)).toBe(Date.UTC(2020, 0, 1));
    const bySlowTag = index.filter(filters({ tags: ['slow', 'old'], languages: ['de'] }));
    expect([pending, ...late].filter(bySlowTag)).toEqual([pending]);
    for (const id of late) expect(index.isReady(id)).toBe(true);

    await t.library.deleteDocuments([pending]);
    refresh();
    expect(index.first).toBeGreaterThan(pending);
    expect(late.every(index.filter(emptyFilters()))).toBe(true);
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRanker, openConnection, type Db } from '../../../electron/core/library/connection';
import { createReaderOps } from '../../../electron/core/library/reader-ops';
import { CHUNK_ID_SPAN } from '../../../electron/core/library/schema';
import { addText, openTempLibrary, SQL_WORKER, type TempLibrary } from './library-fixture';

/**
 * The ranking extension (electron/core/library/native/skr_bm25.c, built by scripts/build.mjs)
 * against FTS5's own bm25(), on a library of passages of very different lengths, so the length
 * normalisation the extension reads differently counts.
 */
const RANKER = path.join(path.dirname(SQL_WORKER), 'skr_bm25');
const WORDS = ['river', 'stone', 'lantern', 'harbour', 'meadow', 'copper', 'willow', 'ember'];
const CJK = ['北京', '学习', '計算機', '科学', '東京'];

function passage(seed: number): string {
  let x = seed;
  const next = () => (x = (x * 48271) % 2147483647);
  const length = 3 + (next() % 400);
  const words = Array.from({ length }, () => WORDS[next() % WORDS.length]!);
  if (seed % 5 === 0) words.push(CJK[next() % CJK.length]! + CJK[next() % CJK.length]!);
  return words.join(' ');
}

const QUERIES = [
  'river',
  'lantern ember',
  'harbour OR copper',
  '"stone meadow"',
  'wil*',
  'NEAR(river ember, 3)',
  'river NOT willow',
  'cjk : 北京',
  '{text cjk} : 学習 OR 科学',
];

const doubles = (blob: Buffer) =>
  new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length));

let t: TempLibrary;
let plain: Db;
let ranked: Db;

beforeAll(async () => {
  t = await openTempLibrary();
  for (let i = 1; i <= 120; i++)
    await addText(t.library, {
      title: `${WORDS[i % WORDS.length]} notes ${i}`,
      text: i % 3 ? [passage(i), passage(i + 1000)] : passage(i),
    });
  const file = path.join(t.dir, 'library.db');
  plain = openConnection(file, { readonly: true });
  ranked = openConnection(file, { readonly: true });
  expect(loadRanker(ranked, RANKER)).toEqual({ by: 'skr_bm25' });
});

afterAll(async () => {
  plain?.close();
  ranked?.close();
  await t?.dispose();
});

describe('ranking extension', () => {
  it('is built and loaded by the reader threads', () => {
    expect(t.library.ranking()).toEqual({ by: 'skr_bm25' });
  });

  it("scores every matching row as FTS5's bm25() does, in passages and titles", () => {
    for (const table of ['chunk_fts', 'title_fts'] as const) {
      const rows = ranked.prepare(
        `SELECT rowid, rank, skr_bm25(${table}, '${table}_docsize') AS mine
         FROM ${table} WHERE ${table} MATCH ?`,
      );
      let compared = 0;
      for (const query of QUERIES) {
        if (table === 'title_fts' && query.includes('text')) continue;
        for (const row of rows.all(query) as { rowid: number; rank: number; mine: number }[]) {
          expect(row.mine, `${table} ${query} row ${row.rowid}`).toBeCloseTo(row.rank, 12);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(table === 'chunk_fts' ? 300 : 50);
    }
  });

  it('scores as bm25() after an edit changes the lengths of rows it has scored', async () => {
    const note = await t.library.createNote({
      title: 'quartz',
      body: 'quartz quartz lantern',
      tags: [],
    });
    const rows = ranked.prepare(
      `SELECT rowid, rank, skr_bm25(chunk_fts, 'chunk_fts_docsize') AS mine
       FROM chunk_fts WHERE chunk_fts MATCH 'quartz'`,
    );
    const titles = ranked.prepare(
      `SELECT rank, skr_bm25(title_fts, 'title_fts_docsize') AS mine
       FROM title_fts WHERE title_fts MATCH 'quartz' AND rowid = ?`,
    );
    const scoreOf = () => {
      const all = rows.all() as { rowid: number; rank: number; mine: number }[];
      for (const row of all) expect(row.mine, `row ${row.rowid}`).toBeCloseTo(row.rank, 12);
      const title = titles.get(note.id) as { rank: number; mine: number };
      expect(title.mine).toBeCloseTo(title.rank, 12);
      return all.find((row) => Math.floor(row.rowid / CHUNK_ID_SPAN) === note.id)!.mine;
    };
    const short = scoreOf();
    await t.library.updateNote(note.id, {
      title: `quartz ${WORDS.join(' ')}`,
      body: `quartz ${passage(7)} ${passage(8)}`,
    });
    expect(scoreOf()).not.toBeCloseTo(short, 3);
  });

  it("remembers each phrase's match count by how the expression writes it, until the database changes", async () => {
    // Phrases as search.ts writes them. A word, the same word as a prefix or in one column only
    // must not share a count: the rows "wil" OR "river" scores first would give "wil" * (which
    // matches every willow) a wrong IDF if they did. Other forms are scored without the cache.
    await addText(t.library, { title: 'wil', text: 'wil ember river北京 stone' });
    const expressions = [
      '"river"',
      'cjk : "river"',
      '"river" AND "ember"',
      '("harbour" OR "copper") AND "river"',
      '"wil" OR "river"',
      '"wil" *',
      '"stone meadow"',
      '"stone" AND "meadow"',
      'cjk : "北京"',
      'cjk : "北京" *',
      'NEAR(river ember, 3)',
      'river NOT willow',
    ];
    const compare = () => {
      let compared = 0;
      for (const table of ['chunk_fts', 'title_fts'] as const) {
        const rows = ranked.prepare(
          `SELECT rowid, rank, skr_bm25(${table}, '${table}_docsize', @expression) AS mine
           FROM ${table} WHERE ${table} MATCH @expression`,
        );
        for (let round = 0; round < 2; round++)
          for (const expression of expressions)
            for (const row of rows.all({ expression }) as { rank: number; mine: number }[]) {
              expect(row.mine, `${table} ${expression} (round ${round})`).toBeCloseTo(row.rank, 12);
              compared++;
            }
      }
      return compared;
    };
    expect(compare()).toBeGreaterThan(1000);
    // Every count changes: the remembered ones must not be used.
    await addText(t.library, {
      title: 'river wil',
      text: 'river ember wil stone meadow copper harbour river北京 北京学习 willow',
    });
    expect(compare()).toBeGreaterThan(1000);
  });

  it('packs rows as pairs of doubles in their order (skr_pairs), empty for no rows', () => {
    const rows = `SELECT rowid, rank FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY rowid DESC`;
    for (const query of ['river', 'harbour OR copper', 'cjk : 北京', 'nowhere']) {
      const expected = (ranked.prepare(rows).raw().all(query) as [number, number][]).flat();
      const blob = ranked
        .prepare(`SELECT skr_pairs(rowid, rank) FROM (${rows})`)
        .pluck()
        .get(query) as Buffer;
      const pairs = doubles(blob);
      expect([...pairs], query).toEqual(expected);
      expect(pairs.length > 0, query).toBe(query !== 'nowhere');
    }
    expect(ranked.prepare('SELECT skr_pairs(1, 2) WHERE 0').pluck().get()).toEqual(Buffer.alloc(0));
    const many = ranked
      .prepare(
        `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000)
         SELECT skr_pairs(x, x / 4.0) FROM n`,
      )
      .pluck()
      .get() as Buffer;
    const values = doubles(many);
    expect(values.length).toBe(10_000);
    expect(values.every((v, i) => v === (i % 2 ? (i + 1) / 8 : i / 2 + 1))).toBe(true);
  });

  it('ranks search results as bm25() does: same hits, order and scores', () => {
    const fast = createReaderOps(ranked, { fastBm25: true });
    const slow = createReaderOps(plain, { fastBm25: false });
    for (const query of ['river', 'lantern ember', 'harbour -willow', '"stone meadow"', 'cop*']) {
      const a = fast.search({ query, limit: 30 });
      const b = slow.search({ query, limit: 30 });
      expect(a.hits.length, query).toBeGreaterThan(0);
      expect(a.hits.map((h) => h.id)).toEqual(b.hits.map((h) => h.id));
      a.hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(b.hits[i]!.score, 9));
      expect(a.total).toBe(b.total);
    }
  });

  it('falls back to bm25(), saying why, when the extension cannot be loaded', async () => {
    const logged: string[] = [];
    const missing = await openTempLibrary({
      dir: t.dir,
      readers: 1,
      ranker: path.join(t.dir, 'no-such-ranker'),
      log: (m) => logged.push(m),
    });
    try {
      const ranking = missing.library.ranking();
      expect(ranking.by).toBe('bm25');
      expect(ranking.by === 'bm25' && ranking.reason).toMatch(/no-such-ranker/);
      expect(logged.join('\n')).toMatch(/ranking with FTS5's bm25\(\)/);
      const result = await missing.library.search({ query: 'river', limit: 5 });
      expect(result.hits.length).toBe(5);
    } finally {
      await missing.library.close();
    }
  });
});

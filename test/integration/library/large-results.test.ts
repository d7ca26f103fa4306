import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANKED_PASSAGES } from '../../../electron/core/library/search';
import { openTempLibrary, type TempLibrary } from './library-fixture';

/** More matching passages than one query ranks, so the capped path runs. */
const COMMON = 2100;
let t: TempLibrary;
let titled: number;

beforeAll(async () => {
  t = await openTempLibrary();
  // The oldest document is the title match: far outside the newest passages that get ranked.
  const [oldest] = await t.library.addDocuments([
    {
      meta: { title: 'Walrus handbook', kind: 'pdf', originalPath: '/imports/walrus.pdf' },
      chunks: [{ ordinal: 0, text: 'common words about ordinary things' }],
      final: { language: 'en', tags: ['zoo'] },
    },
  ]);
  await t.library.addDocuments(
    Array.from({ length: COMMON }, (_, i) => ({
      meta: {
        title: `Note ${i}`,
        kind: i % 2 ? 'text' : 'markdown',
        originalPath: `/imports/note-${i}.txt`,
      },
      chunks: [
        {
          ordinal: 0,
          text: `common words number ${i} ${i % 3 ? 'walrus' : 'seal'} ${i % 7 ? '' : 'rarest'}`,
        },
      ],
      // Enough documents at once that readers load their tags in bulk; one has two.
      final: { language: 'en', tags: i === 14 ? ['zoo', 'pair'] : i % 4 ? undefined : ['quarter'] },
    })),
  );
  titled = oldest!;
});

afterAll(() => t.dispose());

describe('queries matching more passages than are ranked', () => {
  it('answers at once with estimated totals and facets, marked approximate', async () => {
    expect(COMMON).toBeGreaterThan(RANKED_PASSAGES);
    const result = await t.library.search({ query: 'common', limit: 20 });
    expect(result.approximate).toBe(true);
    expect(result.hits).toHaveLength(20);
    expect(new Set(result.hits.map((h) => h.id)).size).toBe(20);
    expect(result.total).toBeGreaterThan(COMMON * 0.9);
    expect(result.total).toBeLessThan(COMMON * 1.1);
    const typeTotal = Object.values(result.facets.types).reduce((a, b) => a + b, 0);
    expect(Math.abs(typeTotal - result.total)).toBeLessThanOrEqual(2);
    expect(result.facets.tags.quarter).toBeGreaterThan(COMMON / 4 - 60);
    expect(result.facets.tags.quarter).toBeLessThan(COMMON / 4 + 60);
  });

  it('still ranks a title match from anywhere in the library first', async () => {
    const result = await t.library.search({ query: 'walrus', limit: 5 });
    expect(result.hits[0]!.id).toBe(titled);
    const words = await t.library.search({ query: 'common words', limit: 5 });
    expect(words.approximate).toBe(true);
    expect(words.hits).toHaveLength(5);
    const phrase = await t.library.search({ query: '"common words"', limit: 5 });
    expect(phrase.approximate).toBe(true);
    expect(phrase.hits).toHaveLength(5);
    for (const hit of phrase.hits)
      expect(hit.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(['common', 'words']);
  });

  it('is exact for a rare word, and pages through the ranked matches', async () => {
    const rare = await t.library.search({ query: 'rarest', limit: 100 });
    expect(rare.approximate).toBe(false);
    expect(rare.total).toBe(Math.ceil(COMMON / 7));
    expect(rare.facets.tags).toEqual({ quarter: Math.ceil(COMMON / 28), zoo: 1, pair: 1 });
    const seen = new Set<number>();
    let cursor: string | null = null;
    do {
      const page = await t.library.search({
        query: 'seal',
        limit: 100,
        cursor: cursor ?? undefined,
      });
      for (const hit of page.hits) seen.add(hit.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(Math.ceil(COMMON / 3));
  });

  it('applies filters and exclusions within the ranked matches', async () => {
    const pdf = await t.library.search({ query: 'common type:pdf', limit: 20 });
    expect(pdf.hits.map((h) => h.id)).toEqual([titled]);
    const excluded = await t.library.search({ query: 'common -walrus', limit: 100 });
    expect(excluded.hits.length).toBeGreaterThan(0);
    for (const hit of excluded.hits) expect(hit.snippet).not.toMatch(/walrus/i);
    const tagged = await t.library.search({ query: 'common tag:quarter', limit: 100 });
    expect(tagged.hits.length).toBeGreaterThan(0);
    expect(Object.keys(tagged.facets.tags)).toEqual(['quarter']);
  });
});

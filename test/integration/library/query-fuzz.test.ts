import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addText, openTempLibrary, type TempLibrary } from './library-fixture';

let t: TempLibrary;

beforeAll(async () => {
  t = await openTempLibrary();
  await addText(t.library, {
    title: 'Café notes',
    text: 'The quick brown fox. 日本語の歴史。 Привет мир. NEAR AND OR NOT',
    tags: ['tag one'],
  });
});
afterAll(() => t.dispose());

/** Pieces of FTS5 syntax and of our own language, to be glued together at random. */
const FRAGMENTS = [
  '"',
  '""',
  '*',
  '-',
  '(',
  ')',
  ':',
  '^',
  '+',
  '{',
  '}',
  ',',
  'NEAR(',
  'NEAR/3',
  'AND',
  'OR',
  'NOT',
  'and',
  'or',
  'text:',
  'cjk:',
  '{text cjk}:',
  'title:',
  'type:',
  'tag:',
  'after:',
  'before:',
  'in:',
  'lang:',
  'in:notes',
  'after:2025-01-01',
  'before:2025-13-40',
  'tag:"tag one"',
  'rank:',
  'bm25(',
  'MATCH',
  "'",
  ';',
  '\\',
  '\u0000',
  '\u0001',
  '\u0002',
  'café',
  'fox',
  'fo*',
  '歴史',
  '歴',
  'мир',
  '😀',
  '\u200b',
  '\u0301',
  '̈',
  'x'.repeat(300),
];

const queryArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 6 })), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 10 }).map((parts) => parts.join(' ')),
);

it('answers any typed string with results or a query_error, never an SQLite error', async () => {
  let errors = 0;
  await fc.assert(
    fc.asyncProperty(queryArb, async (query) => {
      try {
        const result = await t.library.search({ query: query.slice(0, 1000), limit: 5 });
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
        for (const hit of result.hits)
          for (const [s, e] of hit.highlights)
            expect(0 <= s && s < e && e <= hit.snippet.length).toBe(true);
      } catch (error) {
        errors++;
        expect(error).toMatchObject({ code: 'query_error' });
        expect((error as Error).message).not.toMatch(/fts5|sqlite|syntax error/i);
      }
    }),
    { numRuns: 3000, seed: 20250101 },
  );
  expect(errors).toBeLessThan(3000);
});

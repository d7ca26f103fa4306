import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigrams, cjkIndexText, splitCjk } from '../../../electron/core/library/cjk';
import { splitPassages } from '../../../electron/core/library/passages';
import { aroundNeedles, foldText } from '../../../electron/core/library/snippet';
import { topK } from '../../../electron/core/library/top-k';

describe('cjk', () => {
  it('indexes runs as bigrams plus the last character, and glued words alone', () => {
    expect(bigrams('日本語')).toEqual(['日本', '本語', '語']);
    expect(bigrams('𠀋𠀌')).toEqual(['𠀋𠀌', '𠀌']);
    expect(cjkIndexText('plain text only')).toBeNull();
    expect(cjkIndexText('Debianは歴史')).toBe('Debian \n は歴 歴史 史');
    expect(splitCjk('abc日本def')).toEqual([
      { cjk: false, text: 'abc' },
      { cjk: true, text: '日本' },
      { cjk: false, text: 'def' },
    ]);
  });
});

describe('snippets', () => {
  it('folds case and diacritics as the index does', () => {
    expect(foldText('Café ÜBER naïve Ёлка')).toBe('cafe uber naive елка');
  });

  it('highlights whole words and prefixes as the index matches them', () => {
    const needles = [
      { word: 'cafe', prefix: false },
      { word: 'comput', prefix: true },
    ];
    const s = aroundNeedles('A CAFÉ, cafeteria and Computers; recomputed. Cafe!', needles);
    expect(s.highlights.map(([a, b]) => s.snippet.slice(a, b))).toEqual([
      'CAFÉ',
      'Computers',
      'Cafe',
    ]);
  });

  it('keeps a window around the first match with ranges right', () => {
    const s = aroundNeedles(`${'x '.repeat(500)}hit ${'y '.repeat(500)}`, [
      { word: 'hit', prefix: false },
    ]);
    expect(s.snippet.length).toBeLessThanOrEqual(242);
    expect(s.snippet.startsWith('…')).toBe(true);
    const [[a, b]] = s.highlights as [[number, number]];
    expect(s.snippet.slice(a, b)).toBe('hit');
    expect(aroundNeedles('short', [])).toEqual({ snippet: 'short', highlights: [] });
  });

  it('highlights needles ignoring case, merging overlaps', () => {
    const s = aroundNeedles('我们在北京学习 and DEBIAN', ['北京', '京学', 'debian']);
    expect(s.highlights.map(([a, b]) => s.snippet.slice(a, b))).toEqual(['北京学', 'DEBIAN']);
  });

  it('folds Greek and Cyrillic, keeps astral characters whole, finds words that start alike', () => {
    const marked = (text: string, needles: Parameters<typeof aroundNeedles>[1]) => {
      const s = aroundNeedles(text, needles);
      return s.highlights.map(([a, b]) => s.snippet.slice(a, b));
    };
    expect(
      marked('ΆΘΗΝΑ, Ёлка и ёлки', [
        { word: 'αθηνα', prefix: false },
        { word: 'елк', prefix: true },
      ]),
    ).toEqual(['ΆΘΗΝΑ', 'Ёлка', 'ёлки']);
    expect(marked('吉野家 and 𠮷野家', ['𠮷野'])).toEqual(['𠮷野']);
    expect(
      marked('Java, JavaScript', [
        { word: 'java', prefix: false },
        { word: 'javascript', prefix: false },
      ]),
    ).toEqual(['Java', 'JavaScript']);
    // "cafe" alone does not match inside "cafeteria"; the prefix "caf" does.
    expect(
      marked('Cafeteria', [
        { word: 'cafe', prefix: false },
        { word: 'caf', prefix: true },
      ]),
    ).toEqual(['Cafeteria']);
    expect(marked('ends with caf', [{ word: 'cafe', prefix: false }])).toEqual([]);
  });

  it('highlights exactly the whole-word occurrences the folded text has, in the window', () => {
    const letter = fc.constantFrom('a', 'A', 'á', 'Á', 'e', 'É', 'ë', 'ё', 'Ё', ' ', ' ', '.', '-');
    fc.assert(
      fc.property(
        fc.array(letter, { maxLength: 400 }).map((l) => l.join('')),
        fc
          .array(fc.constantFrom('a', 'e', 'е'), { minLength: 1, maxLength: 3 })
          .map((l) => l.join('')),
        fc.boolean(),
        (text, word, prefix) => {
          const folded = foldText(text);
          expect(folded).toHaveLength(text.length);
          const tokens = [...folded.matchAll(new RegExp(`(?<![aeе])${word}[aeе]*`, 'g'))].filter(
            (m) => prefix || m[0] === word,
          );
          const from = Math.max(0, (tokens[0]?.index ?? 0) - 30);
          const expected = tokens
            .filter((m) => m.index < from + 120)
            .map((m) => text.slice(m.index, Math.min(m.index + m[0].length, from + 120)));
          const s = aroundNeedles(text, [{ word, prefix }], 120);
          expect(s.highlights.map(([a, b]) => s.snippet.slice(a, b))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('splitPassages', () => {
  it('cuts near the target at whitespace and loses nothing', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const parts = splitPassages(text, 1000);
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => p.length <= 1000)).toBe(true);
    expect(splitPassages('x'.repeat(5000), 1000)).toHaveLength(5);
  });
});

describe('topK', () => {
  it('returns the k best in order', () => {
    const items = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    expect(topK(items, 5, (a, b) => b - a)).toEqual([999, 998, 997, 996, 995]);
    expect(topK([3, 1, 2], 10, (a, b) => a - b)).toEqual([1, 2, 3]);
    expect(topK([1], 0, (a, b) => a - b)).toEqual([]);
  });
});

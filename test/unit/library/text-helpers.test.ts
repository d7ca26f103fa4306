import { describe, expect, it } from 'vitest';
import { bigrams, cjkIndexText, splitCjk } from '../../../electron/core/library/cjk';
import { splitPassages } from '../../../electron/core/library/passages';
import { aroundNeedles, clip, fromMarked } from '../../../electron/core/library/snippet';
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
  it('turns marker characters into highlight ranges', () => {
    const s = fromMarked('a \u0001café\u0002 and \u0001tea\u0002');
    expect(s.snippet).toBe('a café and tea');
    expect(s.highlights.map(([a, b]) => s.snippet.slice(a, b))).toEqual(['café', 'tea']);
  });

  it('clips long snippets around the first highlight and keeps ranges right', () => {
    const long = fromMarked(`${'x'.repeat(1000)}\u0001hit\u0002${'y'.repeat(1000)}`);
    expect(long.snippet.length).toBeLessThanOrEqual(322);
    const [[a, b]] = long.highlights as [[number, number]];
    expect(long.snippet.slice(a, b)).toBe('hit');
    expect(clip({ snippet: 'short', highlights: [] })).toEqual({
      snippet: 'short',
      highlights: [],
    });
  });

  it('highlights needles ignoring case, merging overlaps', () => {
    const s = aroundNeedles('我们在北京学习 and DEBIAN', ['北京', '京学', 'debian']);
    expect(s.highlights.map(([a, b]) => s.snippet.slice(a, b))).toEqual(['北京学', 'DEBIAN']);
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

import type { ReactNode } from 'react';

export type Range = readonly [start: number, end: number];

/**
 * Text with the given [start, end) ranges wrapped in <mark>, as React elements: the text is never
 * parsed as HTML. Overlapping or out-of-bounds ranges are clipped.
 */
export function Highlighted({ text, ranges, markProps }: { text: string; ranges: readonly Range[]; markProps?: (index: number) => Record<string, unknown> }) {
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([rawStart, rawEnd], index) => {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.min(rawEnd, text.length);
    if (end <= start) return;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={index} {...markProps?.(index)}>
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every case-insensitive occurrence of any term in `text`, in order, without overlaps. */
export function findMatches(text: string, terms: readonly string[]): Range[] {
  const usable = terms.filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  if (!usable.length) return [];
  const pattern = new RegExp(usable.map(escapeRegExp).join('|'), 'giu');
  const ranges: Range[] = [];
  for (const match of text.matchAll(pattern)) ranges.push([match.index, match.index + match[0].length]);
  return ranges;
}

/** The plain words of a search query: operators, filters and exclusions removed. */
export function queryWords(query: string): string[] {
  const words: string[] = [];
  for (const token of query.match(/"[^"]*"|\S+/g) ?? []) {
    if (token.startsWith('-') || /^(AND|OR|NOT)$/.test(token)) continue;
    const colon = token.indexOf(':');
    if (colon > 0 && !token.startsWith('"')) {
      if (token.slice(0, colon) !== 'title') continue;
    }
    const word = token.slice(colon > 0 && !token.startsWith('"') ? colon + 1 : 0).replace(/["*()]/g, '').trim();
    if (word) words.push(word.toLowerCase());
  }
  return words;
}

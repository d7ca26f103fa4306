/** Snippets as plain text plus highlight ranges, so the renderer can mark them without HTML. */

export const MARK_START = '\u0001';
export const MARK_END = '\u0002';
const MAX_SNIPPET = 320;

export interface Snippet {
  snippet: string;
  highlights: [number, number][];
}

/** Turns FTS5 `snippet()` output with our marker characters into text and ranges. */
export function fromMarked(marked: string): Snippet {
  let snippet = '';
  const highlights: [number, number][] = [];
  let start = -1;
  for (const char of marked) {
    if (char === MARK_START) start = snippet.length;
    else if (char === MARK_END) {
      if (start >= 0 && snippet.length > start) highlights.push([start, snippet.length]);
      start = -1;
    } else snippet += char;
  }
  return clip({ snippet, highlights });
}

/** Keeps long snippets (CJK runs are single tokens) to a window around the first highlight. */
export function clip(value: Snippet, max = MAX_SNIPPET): Snippet {
  if (value.snippet.length <= max) return value;
  const first = value.highlights[0]?.[0] ?? 0;
  const from = Math.max(0, Math.min(first - Math.floor(max / 4), value.snippet.length - max));
  const to = from + max;
  const lead = from > 0 ? '…' : '';
  const shift = lead.length - from;
  return {
    snippet: lead + value.snippet.slice(from, to) + (to < value.snippet.length ? '…' : ''),
    highlights: value.highlights
      .filter(([s, e]) => s >= from && e <= to)
      .map(([s, e]) => [s + shift, e + shift] as [number, number]),
  };
}

/** A window of `text` around the first needle, with every needle in it highlighted (ignoring case). */
export function aroundNeedles(text: string, rawNeedles: string[], max = 240): Snippet {
  const folded = text.toLowerCase();
  // Lower-casing keeps offsets for nearly all text; where it would not, match case-sensitively.
  const haystack = folded.length === text.length ? folded : text;
  const needles = rawNeedles.map((n) => (haystack === folded ? n.toLowerCase() : n));
  const positions = needles.map((n) => (n ? haystack.indexOf(n) : -1)).filter((p) => p >= 0);
  const first = positions.length ? Math.min(...positions) : 0;
  const from = Math.max(0, first - Math.floor(max / 4));
  const window = text.slice(from, from + max);
  const searched = haystack.slice(from, from + max);
  const lead = from > 0 ? '…' : '';
  const found: [number, number][] = [];
  for (const needle of needles) {
    if (!needle) continue;
    for (
      let at = searched.indexOf(needle);
      at >= 0;
      at = searched.indexOf(needle, at + needle.length)
    ) {
      found.push([at + lead.length, at + lead.length + needle.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const highlights: [number, number][] = [];
  for (const range of found) {
    const last = highlights.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else highlights.push(range);
  }
  return { snippet: lead + window + (from + max < text.length ? '…' : ''), highlights };
}

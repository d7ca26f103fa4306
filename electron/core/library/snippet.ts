/** Snippets as plain text plus highlight ranges, so the renderer can mark them without HTML. */

export interface Snippet {
  snippet: string;
  highlights: [number, number][];
}

/**
 * What to highlight: a plain string matches anywhere (CJK text has no word boundaries); a word
 * matches whole tokens and a prefix the start of tokens (highlighting the whole token), both
 * ignoring case and diacritics as the index does (`word` is given folded: see foldText).
 */
export type Needle = string | { word: string; prefix: boolean };

const WORD_CHAR = '[\\p{L}\\p{N}\\p{Co}]';

/** Lower case without diacritics, as unicode61 with remove_diacritics folds tokens. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** For each folded letter, the accented letters (Latin, Greek, Cyrillic) that fold to it. */
const ACCENTED = (() => {
  const variants = new Map<string, string>();
  const ranges = [
    [0xc0, 0x24f],
    [0x370, 0x4ff],
    [0x1e00, 0x1eff],
  ] as const;
  for (const [low, high] of ranges) {
    for (let code = low; code <= high; code++) {
      const char = String.fromCharCode(code);
      const folded = foldText(char);
      if (folded.length === 1 && folded !== char.toLowerCase())
        variants.set(folded, (variants.get(folded) ?? '') + char);
    }
  }
  return variants;
})();

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

function needlePattern(needle: Needle): string {
  if (typeof needle === 'string') return escapeRegExp(needle);
  const letters = Array.from(needle.word, (char) => {
    const accented = ACCENTED.get(char);
    return accented ? `[${escapeRegExp(char + accented)}]` : escapeRegExp(char);
  }).join('');
  const end = needle.prefix ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`;
  return `(?<!${WORD_CHAR})${letters}${end}`;
}

let cached: { key: string; pattern: RegExp | null } = { key: '', pattern: null };

/** One case-insensitive pattern matching any needle, kept for the hits of the same query. */
function matcherFor(needles: Needle[]): RegExp | null {
  const key = JSON.stringify(needles);
  if (cached.key !== key) {
    const usable = needles.filter((n) => (typeof n === 'string' ? n : n.word));
    cached = {
      key,
      pattern: usable.length ? new RegExp(usable.map(needlePattern).join('|'), 'giu') : null,
    };
  }
  return cached.pattern;
}

/**
 * A window of `text` around the first needle, with every needle in it highlighted. Matching
 * runs on the original text with a pattern that knows accented letters, so offsets need no
 * mapping and no copy of the text is folded.
 */
export function aroundNeedles(text: string, needles: Needle[], max = 240): Snippet {
  const pattern = matcherFor(needles);
  let from = 0;
  if (pattern) {
    pattern.lastIndex = 0;
    const first = pattern.exec(text);
    if (first) from = Math.max(0, first.index - Math.floor(max / 4));
  }
  const to = from + max;
  const lead = from > 0 ? '…' : '';
  const highlights: [number, number][] = [];
  if (pattern) {
    pattern.lastIndex = from;
    // Restarting one past each match start also finds overlapping CJK needles.
    for (let m = pattern.exec(text); m && m.index < to; m = pattern.exec(text)) {
      const start = m.index - from + lead.length;
      const end = Math.min(m.index + m[0].length, to) - from + lead.length;
      const last = highlights.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else if (end > start) highlights.push([start, end]);
      pattern.lastIndex = m.index + 1;
    }
  }
  return { snippet: lead + text.slice(from, to) + (to < text.length ? '…' : ''), highlights };
}

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

const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/u;

/** Lower case without diacritics, as unicode61 with remove_diacritics folds tokens. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * For each folded letter, every letter that folds to it (upper case and accented: ASCII, Latin,
 * Greek, Cyrillic), so patterns need neither the `i` flag nor Unicode case closure.
 */
const FOLDS_TO = (() => {
  const variants = new Map<string, string>();
  const ranges = [
    [0x41, 0x5a],
    [0x61, 0x7a],
    [0xc0, 0x24f],
    [0x370, 0x4ff],
    [0x1e00, 0x1eff],
  ] as const;
  for (const [low, high] of ranges) {
    for (let code = low; code <= high; code++) {
      const char = String.fromCharCode(code);
      const folded = foldText(char);
      if (folded.length === 1) variants.set(folded, (variants.get(folded) ?? folded) + char);
    }
  }
  return variants;
})();

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

function needlePattern(needle: Needle): string {
  if (typeof needle === 'string')
    return Array.from(needle, (char) => {
      const folded = foldText(char);
      const variants = folded.length === 1 ? FOLDS_TO.get(folded) : undefined;
      return variants ? `[${escapeRegExp(variants)}]` : escapeRegExp(char);
    }).join('');
  return Array.from(needle.word, (char) => {
    const variants = FOLDS_TO.get(char);
    return variants ? `[${escapeRegExp(variants)}]` : escapeRegExp(char);
  }).join('');
}

interface Matcher {
  pattern: RegExp;
  needles: Needle[];
}

let cached: { key: string; matcher: Matcher | null } = { key: '', matcher: null };

const needleText = (needle: Needle) => (typeof needle === 'string' ? needle : needle.word);

/**
 * One pattern with a group per needle, kept for the hits of the same query. At a position the
 * pattern takes the first alternative that matches, and a word rejected there (inside a longer
 * token) is not tried again as another: prefixes go first (any token they start is theirs), then
 * the longest needles ("javascript" before "java").
 */
function matcherFor(needles: Needle[]): Matcher | null {
  const key = JSON.stringify(needles);
  if (cached.key !== key) {
    const isPrefix = (n: Needle) => typeof n !== 'string' && n.prefix;
    const usable = needles
      .filter(needleText)
      .sort(
        (a, b) =>
          Number(isPrefix(b)) - Number(isPrefix(a)) || needleText(b).length - needleText(a).length,
      );
    const source = usable.map((n) => `(${needlePattern(n)})`).join('|');
    cached = {
      key,
      matcher: usable.length ? { pattern: new RegExp(source, 'g'), needles: usable } : null,
    };
  }
  return cached.matcher;
}

/** The end of the match at `m`, or -1 when a word needle matched inside a longer token. */
function matchEnd(text: string, m: RegExpExecArray, needles: Needle[]): number {
  const needle = needles[m.findIndex((group, i) => i > 0 && group !== undefined) - 1]!;
  let end = m.index + m[0].length;
  if (typeof needle === 'string') return end;
  if (m.index > 0 && WORD_CHAR.test(text[m.index - 1]!)) return -1;
  if (needle.prefix) while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
  else if (end < text.length && WORD_CHAR.test(text[end]!)) return -1;
  return end;
}

/**
 * A window of `text` around the first needle, with every needle in it highlighted. Matching runs
 * on the original text with a pattern that knows the letters folding to each needle letter, so
 * offsets need no mapping and no folded copy of the text is made.
 */
export function aroundNeedles(text: string, needles: Needle[], max = 240): Snippet {
  const matcher = matcherFor(needles);
  const found: [number, number][] = [];
  let from = 0;
  if (matcher) {
    const { pattern } = matcher;
    pattern.lastIndex = 0;
    // Restarting one past each match start also finds overlapping CJK needles.
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      pattern.lastIndex = m.index + 1;
      const end = matchEnd(text, m, matcher.needles);
      if (end < 0) continue;
      if (!found.length) from = Math.max(0, m.index - Math.floor(max / 4));
      if (m.index >= from + max) break;
      found.push([m.index, end]);
    }
  }
  const to = from + max;
  const lead = from > 0 ? '…' : '';
  const highlights: [number, number][] = [];
  for (const [start, end] of found) {
    const range: [number, number] = [
      start - from + lead.length,
      Math.min(end, to) - from + lead.length,
    ];
    const last = highlights.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else if (range[1] > range[0]) highlights.push(range);
  }
  return { snippet: lead + text.slice(from, to) + (to < text.length ? '…' : ''), highlights };
}

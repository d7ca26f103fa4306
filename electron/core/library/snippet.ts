/** Snippets as plain text plus highlight ranges, so the renderer can mark them without HTML. */

export interface Snippet {
  snippet: string;
  highlights: [number, number][];
}

/**
 * What to highlight in JavaScript: a plain string matches anywhere (CJK text has no word
 * boundaries); a word matches whole tokens, a prefix the start of tokens (highlighting the whole
 * token), both compared folded as the index does (lower case, without diacritics).
 */
export type Needle = string | { word: string; prefix: boolean };

const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const NON_ASCII_ALL = /[^\p{ASCII}]/gu;
const foldedChars = new Map<string, string>();

function foldChar(char: string): string {
  let folded = foldedChars.get(char);
  if (folded === undefined) {
    const bare = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const lower = char.toLowerCase();
    folded = bare.length === 1 ? bare : lower.length === 1 ? lower : char;
    if (foldedChars.size < 10_000) foldedChars.set(char, folded);
  }
  return folded;
}

/** Lower case without diacritics, one UTF-16 unit per input unit so offsets carry over. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower.replace(NON_ASCII_ALL, foldChar);
  let out = '';
  for (const char of text) out += char.length === 1 ? foldChar(char) : char;
  return out;
}

function wordCharAt(text: string, at: number): boolean {
  return at >= 0 && at < text.length && WORD_CHAR.test(text[at]!);
}

/** [start, end) of every occurrence of `needle` in the folded text. */
function occurrences(folded: string, needle: Needle): [number, number][] {
  const found: [number, number][] = [];
  const text = typeof needle === 'string' ? foldText(needle) : needle.word;
  if (!text) return found;
  for (let at = folded.indexOf(text); at >= 0; at = folded.indexOf(text, at + text.length)) {
    let end = at + text.length;
    if (typeof needle !== 'string') {
      if (wordCharAt(folded, at - 1)) continue;
      if (needle.prefix) while (wordCharAt(folded, end)) end++;
      else if (wordCharAt(folded, end)) continue;
    }
    found.push([at, end]);
  }
  return found;
}

/** A window of `text` around the first needle, with every needle in it highlighted. */
export function aroundNeedles(text: string, needles: Needle[], max = 240): Snippet {
  const folded = foldText(text);
  const found = needles.flatMap((needle) => occurrences(folded, needle));
  const first = found.length ? Math.min(...found.map(([s]) => s)) : 0;
  const from = Math.max(0, first - Math.floor(max / 4));
  const to = from + max;
  const lead = from > 0 ? '…' : '';
  const inWindow = found
    .filter(([s, e]) => s >= from && e <= to)
    .map(([s, e]) => [s - from + lead.length, e - from + lead.length] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const highlights: [number, number][] = [];
  for (const range of inWindow) {
    const last = highlights.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else highlights.push(range);
  }
  return { snippet: lead + text.slice(from, to) + (to < text.length ? '…' : ''), highlights };
}

/**
 * unicode61 keeps a run of Chinese or Japanese characters as one token, so a word inside a
 * sentence cannot be found. Such runs are indexed a second time as overlapping bigrams plus the
 * run's last character (`日本語` -> `日本 本語 語`): every substring of two or more characters is a
 * phrase of consecutive bigrams, and a single character is a prefix of some token.
 */
const CJK_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]+/gu;

export function hasCjk(text: string): boolean {
  CJK_RUN.lastIndex = 0;
  return CJK_RUN.test(text);
}

export function cjkRuns(text: string): string[] {
  return text.match(CJK_RUN) ?? [];
}

export function bigrams(run: string): string[] {
  const chars = Array.from(run);
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  if (chars.length) grams.push(chars[chars.length - 1]!);
  return grams;
}

const GLUED_BEFORE = /[\p{L}\p{N}\p{Co}]+$/u;
const GLUED_AFTER = /^[\p{L}\p{N}\p{Co}]+/u;

/**
 * The `cjk` column value of a text: null when it has no CJK characters. Words glued to a CJK run
 * (`Debianは`) are a single unicode61 token in the text column, so they are repeated here alone.
 */
export function cjkIndexText(text: string): string | null {
  const pieces: string[] = [];
  for (const match of text.matchAll(CJK_RUN)) {
    const before = GLUED_BEFORE.exec(text.slice(Math.max(0, match.index - 64), match.index))?.[0];
    const end = match.index + match[0].length;
    const after = GLUED_AFTER.exec(text.slice(end, end + 64))?.[0];
    if (before) pieces.push(before);
    pieces.push(bigrams(match[0]).join(' '));
    if (after) pieces.push(after);
  }
  return pieces.length ? pieces.join(' \n ') : null;
}

/**
 * Splits a query term into its non-CJK and CJK parts, in order: `Debian歴史` ->
 * [{cjk: false, text: 'Debian'}, {cjk: true, text: '歴史'}].
 */
export function splitCjk(term: string): { cjk: boolean; text: string }[] {
  const parts: { cjk: boolean; text: string }[] = [];
  let last = 0;
  for (const match of term.matchAll(CJK_RUN)) {
    if (match.index > last) parts.push({ cjk: false, text: term.slice(last, match.index) });
    parts.push({ cjk: true, text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < term.length) parts.push({ cjk: false, text: term.slice(last) });
  return parts;
}

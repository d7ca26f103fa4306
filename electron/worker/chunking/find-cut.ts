/**
 * Where to end a chunk of at most `maxBytes` UTF-8 bytes at the start of `text`: at a paragraph,
 * line, sentence or word boundary near the limit, else at the limit itself, never inside a
 * UTF-16 surrogate pair. Searches only a bounded window before the limit, so cutting a long
 * string into chunks stays linear (an unbounded lastIndexOf per chunk is quadratic).
 */
export function findCut(text: string, maxBytes: number): number {
  const hard = longestPrefixWithin(text, maxBytes);
  if (hard >= text.length) return text.length;
  const lookback = Math.min(64 * 1024, Math.ceil(hard / 8));
  const from = hard - lookback;
  const window = text.slice(from, hard);
  for (const separators of BOUNDARIES) {
    let best = -1;
    for (const separator of separators) {
      const at = window.lastIndexOf(separator);
      if (at >= 0) best = Math.max(best, at + separator.length);
    }
    if (best > 0) return from + best;
  }
  return hard;
}

/** Paragraph, line, sentence, word — the first class found in the window wins. */
const BOUNDARIES: string[][] = [['\n\n'], ['\n'], ['. ', '? ', '! ', '。', '！', '？'], [' ', '\t']];

/** Length in UTF-16 code units of the longest prefix of `text` that fits in `maxBytes` of UTF-8. */
function longestPrefixWithin(text: string, maxBytes: number): number {
  // Every code unit takes at least one byte, so the answer lies within the first maxBytes units.
  const probe = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const bytes = Buffer.from(probe, 'utf8');
  if (bytes.length <= maxBytes) return isHighSurrogateAt(text, probe.length - 1) ? probe.length - 1 : probe.length;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back to the first byte of a character
  // Each UTF-8 character decodes to the same number of code units it came from (a pair stays a pair,
  // a lone surrogate becomes one U+FFFD), so the decoded length is the prefix length.
  return bytes.toString('utf8', 0, end).length;
}

function isHighSurrogateAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff;
}

import { createReadStream } from 'node:fs';

const READ_BYTES = 64 * 1024;

/** The encoding of a text file, decided from its first bytes. */
export function detectEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  if (isValidUtf8(head)) return 'utf-8';
  // Invalid UTF-8 with no valid multi-byte sequence at all reads as a single-byte legacy text;
  // otherwise it is UTF-8 with some damage, and the bad bytes become U+FFFD.
  return /[\xc2-\xf4][\x80-\xbf]/.test(head.toString('latin1')) ? 'utf-8' : 'windows-1252';
}

/**
 * Streams a text file (or its bytes, already read) as decoded strings of about 64 KiB, never
 * holding the whole file. The BOM is dropped; invalid bytes become U+FFFD.
 */
export async function* decodedTextStream(source: string | Buffer, onEncoding?: (encoding: string) => void): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  const pieces = typeof source === 'string' ? createReadStream(source, { highWaterMark: READ_BYTES }) : slices(source, READ_BYTES);
  for await (const bytes of pieces) {
    if (!decoder) {
      const encoding = detectEncoding(bytes as Buffer);
      onEncoding?.(encoding);
      decoder = new TextDecoder(encoding);
    }
    const text = decoder.decode(bytes as Buffer, { stream: true });
    if (text) yield text;
  }
  if (!decoder) onEncoding?.('utf-8');
  const rest = decoder?.decode() ?? '';
  if (rest) yield rest;
}

function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    // stream: true tolerates a character cut off at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Mostly-ASCII UTF-16 without a BOM shows as NUL in every other byte. */
function utf16WithoutBom(head: Buffer): string | undefined {
  const pairs = Math.min(head.length >> 1, 512);
  if (pairs < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** True when a file's first bytes look like text rather than binary data. */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return true;
  const encoding = detectEncoding(head);
  if (encoding !== 'utf-8' && encoding !== 'windows-1252') return true;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) control++;
  }
  return control < head.length * 0.02;
}

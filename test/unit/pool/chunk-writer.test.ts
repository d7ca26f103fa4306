import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextChunk } from '../../../electron/core/pool';
import { ChunkWriter } from '../../../electron/worker/chunking/chunk-writer';
import { findCut } from '../../../electron/worker/chunking/find-cut';

async function chunksOf(pieces: string[], maxBytes: number): Promise<TextChunk[]> {
  const chunks: TextChunk[] = [];
  const writer = new ChunkWriter(async (chunk) => void chunks.push(chunk), maxBytes);
  for (const piece of pieces) await writer.write(piece);
  await writer.end();
  return chunks;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Text with words, paragraph breaks, emoji (surrogate pairs), CJK and long unbroken runs. */
const textPiece = fc
  .array(fc.constantFrom('word', ' ', '\n', '\n\n', '. ', '🦊', '日本語', 'é', 'x'.repeat(300), '\t'), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('ChunkWriter', () => {
  it('keeps every chunk within the byte limit, loses nothing and never splits a surrogate pair', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(textPiece, { maxLength: 20 }), fc.integer({ min: 16, max: 2048 }), async (pieces, maxBytes) => {
        const input = pieces.join('');
        const chunks = await chunksOf(pieces, maxBytes);
        const joined = chunks.map((chunk) => chunk.text).join('');
        // Only a whitespace-only tail may be left out.
        expect(input.startsWith(joined)).toBe(true);
        expect(input.slice(joined.length).trim()).toBe('');
        chunks.forEach((chunk, i) => {
          expect(chunk.ordinal).toBe(i);
          expect(Buffer.byteLength(chunk.text)).toBeLessThanOrEqual(maxBytes);
          expect(isHigh(chunk.text.charCodeAt(chunk.text.length - 1)) && isLow(input.charCodeAt(joined.indexOf(chunk.text) + chunk.text.length))).toBe(false);
          expect(isLow(chunk.text.charCodeAt(0))).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('prefers a paragraph break, then a line break, then a sentence end, then a space', () => {
    const limit = 100; // boundaries are looked for in the last eighth before the limit
    expect(findCut(`${'a'.repeat(90)}\n\n${'b'.repeat(3)}\n${'c'.repeat(60)}`, limit)).toBe(92);
    expect(findCut(`${'a'.repeat(90)} ${'b'.repeat(3)}\n${'c'.repeat(60)}`, limit)).toBe(95);
    expect(findCut(`${'a'.repeat(90)}. ${'b'.repeat(3)} ${'c'.repeat(60)}`, limit)).toBe(92);
    expect(findCut(`${'a'.repeat(95)} ${'c'.repeat(60)}`, limit)).toBe(96);
    // A boundary far before the limit would make a small chunk: cut at the limit instead.
    expect(findCut(`${'a'.repeat(50)}\n\n${'x'.repeat(100)}`, limit)).toBe(100);
    expect(findCut('x'.repeat(300), limit)).toBe(100);
    expect(findCut('short', limit)).toBe(5);
  });

  it('counts the limit in UTF-8 bytes', () => {
    // 'é' is 2 bytes: 50 of them fill 100 bytes.
    expect(findCut('é'.repeat(80), 100)).toBe(50);
    // An emoji is 4 bytes and 2 code units; the cut lands between pairs.
    expect(findCut('🦊'.repeat(40), 30)).toBe(14);
  });

  it('starts a new chunk at each page or section and tags chunks with it', async () => {
    const chunks: TextChunk[] = [];
    const writer = new ChunkWriter(async (chunk) => void chunks.push(chunk));
    await writer.moveTo({ page: 1 });
    await writer.write('first page');
    await writer.moveTo({ page: 2 });
    await writer.write('second page');
    await writer.moveTo({ section: 'Intro' });
    await writer.write('intro text');
    await writer.end();
    expect(chunks).toEqual([
      { ordinal: 0, text: 'first page', page: 1 },
      { ordinal: 1, text: 'second page', page: 2 },
      { ordinal: 2, text: 'intro text', section: 'Intro' },
    ]);
    expect(writer.sectionCount).toBe(1);
  });

  it('cuts a long single-line text in linear time (no unbounded lastIndexOf per chunk)', async () => {
    // FINDINGS: a naive chunker went quadratic on a 3.6 MB single-line file; this one finishes well within the test timeout.
    const line = 'abcdefghij'.repeat(400_000);
    const chunks = await chunksOf([line], 1024);
    expect(chunks.length).toBe(Math.ceil(line.length / 1024));
    expect(chunks.every((chunk) => chunk.text.length <= 1024)).toBe(true);
  });

  it('computes metrics while the text streams', async () => {
    const writer = new ChunkWriter(async () => {}, 32);
    for (const piece of ['Hello wor', 'ld, this is ', 'a test 🦊', ' of words.']) await writer.write(piece);
    await writer.end();
    const metrics = await writer.metrics.result();
    expect(metrics.words).toBe(9);
    expect(metrics.characters).toBe([...'Hello world, this is a test 🦊 of words.'].length);
    expect(metrics.readingMinutes).toBe(1);
  });
});

import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES } from '../../../electron/core/pool';
import type { ProcessPool } from '../../../electron/core/pool';
import { testPool } from '../../fixtures/worker-pool';

const MiB = 1024 * 1024;
const TARGET_BYTES = 64 * MiB;

let dir: string;
let file: string;
let expected: { characters: number; bytes: number };
let pool: ProcessPool;

/** Prose, emoji (surrogate pairs), CJK and a long run without any whitespace to cut at. */
const prose = Array.from({ length: 400 }, (_, i) => `Sentence ${i} tells of foxes and fences 🦊 and 日本語.`).join(' ');
const BLOCK = `${prose}\n\n${'🦊x'.repeat(20_000)}\n${prose}\n`;
const BLOCK_BYTES = Buffer.byteLength(BLOCK);
const BLOCK_CHARACTERS = [...BLOCK].length;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skr-large-'));
  file = path.join(dir, 'large.txt');
  const out = createWriteStream(file);
  const blocks = Math.ceil(TARGET_BYTES / BLOCK_BYTES);
  for (let i = 0; i < blocks; i++) if (!out.write(BLOCK)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
  expected = { characters: blocks * BLOCK_CHARACTERS, bytes: blocks * BLOCK_BYTES };
  // A 64 MB heap for a 64 MB file: only streaming gets through.
  pool = testPool({ size: 1, heapMb: 64 });
});

afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

it('streams a 64 MB text in chunks of at most 1 MiB under a 64 MB heap cap', async () => {
  let ordinal = 0;
  let bytes = 0;
  let maxRss = 0;
  let previousEndedHigh = false;
  const sizes: number[] = [];
  const result = await pool.run(
    { kind: 'extract', path: file },
    {
      onChunk: (chunk) => {
        expect(chunk.ordinal).toBe(ordinal++);
        const size = Buffer.byteLength(chunk.text);
        expect(size).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
        sizes.push(size);
        const first = chunk.text.charCodeAt(0);
        const last = chunk.text.charCodeAt(chunk.text.length - 1);
        expect(previousEndedHigh || (first >= 0xdc00 && first <= 0xdfff)).toBe(false); // no pair split
        previousEndedHigh = last >= 0xd800 && last <= 0xdbff;
        bytes += size;
        maxRss = Math.max(maxRss, pool.workers()[0]?.rssBytes ?? 0);
      },
      timeoutMs: 60_000,
    },
  );
  expect(bytes).toBe(expected.bytes);
  // Cut near the limit at a boundary, not early: every chunk but the last is at least half full.
  expect(sizes.slice(0, -1).every((size) => size > MAX_CHUNK_BYTES / 2)).toBe(true);
  expect(result).toMatchObject({ kind: 'text', encoding: 'utf-8', chunks: ordinal });
  expect(result.metrics.characters).toBe(expected.characters);
  expect(result.chunks).toBeGreaterThanOrEqual(64);
  expect(pool.stats()).toMatchObject({ restarts: 0, completed: 1 });
  // Node's baseline, the 64 MB heap cap and a couple of chunks in flight.
  expect(maxRss).toBeLessThan(200 * MiB);
  console.log(`large text: ${result.chunks} chunks, worker peak RSS ${Math.round(maxRss / MiB)} MiB`);
});

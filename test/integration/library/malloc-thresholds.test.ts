import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import {
  loadRanker,
  memoryReleaser,
  openConnection,
} from '../../../electron/core/library/connection';
import { SQL_WORKER } from './library-fixture';

/**
 * Loading the ranking extension tunes glibc's malloc for the process (see tuneMalloc in
 * skr_bm25.c): a large buffer freed must not move later, smaller ones into the threads' arenas,
 * where their memory would stay as fragments, and threads started later make no more arenas.
 */
const db = openConnection(':memory:', { readonly: false });
afterAll(() => db.close());

interface MallocStats {
  arenaBytes: number;
  inUseBytes: number;
  freeBytes: number;
  mappedBytes: number;
  mappedChunks: number;
  arenas: number;
}

const stats = () =>
  JSON.parse(db.prepare('SELECT skr_malloc_stats()').pluck().get() as string) as MallocStats;
const gc = (v8.setFlagsFromString('--expose-gc'), vm.runInNewContext('gc')) as () => void;

// mallinfo2(), behind skr_malloc_stats, came with glibc 2.33.
const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header
  .glibcVersionRuntime;
const [major = 0, minor = 0] = (glibc ?? '').split('.').map(Number);

it.runIf(major > 2 || (major === 2 && minor >= 33))(
  'serves buffers of 128 KiB and more from mappings of their own, even after a larger one was freed',
  async () => {
    expect(loadRanker(db, path.join(path.dirname(SQL_WORKER), 'skr_bm25'))).toEqual({
      by: 'skr_bm25',
    });
    // With glibc's default, freeing this buffer's mapping raises the threshold to 8 MiB.
    const withLarge = (() => {
      Buffer.allocUnsafeSlow(8 << 20).fill(1);
      return stats().mappedBytes;
    })();
    expect(withLarge).toBeGreaterThanOrEqual(8 << 20);
    for (let i = 0; i < 50 && stats().mappedBytes > withLarge - (8 << 20); i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(stats().mappedBytes).toBeLessThanOrEqual(withLarge - (8 << 20));

    const before = stats();
    const held = Buffer.allocUnsafeSlow(300_000).fill(2);
    const after = stats();
    expect(after.mappedChunks).toBe(before.mappedChunks + 1);
    expect(after.mappedBytes - before.mappedBytes).toBeGreaterThanOrEqual(held.length);
  },
);

it.runIf(major > 2 || (major === 2 && minor >= 33))(
  'makes no more malloc arenas for threads started once it is loaded',
  async () => {
    loadRanker(db, path.join(path.dirname(SQL_WORKER), 'skr_bm25'));
    const before = stats().arenas;
    // glibc's default on this machine allows 8 per core: room for the threads below to take more.
    expect(before).toBeLessThan(8 * os.availableParallelism() - 4);
    // Running at once, each holding what it allocated: without the limit each would need an arena.
    const threads = Array.from(
      { length: 8 },
      () =>
        new Worker(
          `const { parentPort } = require('node:worker_threads');
           const held = Array.from({ length: 64 }, () => Buffer.allocUnsafeSlow(4096).fill(1));
           parentPort.postMessage(held.length);
           parentPort.once('message', () => process.exit(0));`,
          { eval: true },
        ),
    );
    try {
      const held = await Promise.all(
        threads.map((thread) => new Promise((resolve) => thread.once('message', resolve))),
      );
      expect(held).toEqual(Array(8).fill(64));
      expect(stats().arenas).toBe(before);
    } finally {
      await Promise.all(threads.map((thread) => thread.terminate()));
    }
  },
);

const rssAnonBytes = () =>
  Number(/RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

it.runIf(glibc !== undefined)(
  'gives the free pages inside malloc arenas back to the system with skr_malloc_trim()',
  async () => {
    loadRanker(db, path.join(path.dirname(SQL_WORKER), 'skr_bm25'));
    const trim = () => db.prepare('SELECT skr_malloc_trim()').pluck().get() as number;
    trim();
    // 40 MB of buffers below the mmap threshold, from the arena, each followed by a smaller one
    // that is kept: freed, the large ones leave holes between the kept ones, which free() keeps.
    const kept = (() => {
      const holes: Buffer[] = [];
      const pins: Buffer[] = [];
      for (let i = 0; i < 640; i++) {
        holes.push(Buffer.allocUnsafeSlow(64 * 1024).fill(3));
        pins.push(Buffer.allocUnsafeSlow(16 * 1024).fill(4));
      }
      return pins;
    })();
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const freed = rssAnonBytes();
    expect(trim()).toBe(1);
    expect(freed - rssAnonBytes()).toBeGreaterThan(20 << 20);
    expect(kept.every((buffer) => buffer[0] === 4)).toBe(true);
  },
);

it.runIf(major > 2 || (major === 2 && minor >= 33))(
  "gives a connection's page cache back once its thread is idle (memoryReleaser)",
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skr-release-'));
    try {
      const file = path.join(dir, 'pages.db');
      const writer = openConnection(file);
      writer.exec(`CREATE TABLE t (x BLOB);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
        INSERT INTO t SELECT randomblob(400) FROM n;`);
      writer.close();
      const reader = openConnection(file, { readonly: true });
      const ranking = loadRanker(reader, path.join(path.dirname(SQL_WORKER), 'skr_bm25'));
      const release = memoryReleaser(reader, ranking);
      const total = reader.prepare('SELECT sum(length(x)) FROM t').pluck();
      // 8 MB of rows through a 2 MB cache: it is full.
      expect(total.get()).toBe(20000 * 400);
      const cached = stats().inUseBytes;
      release();
      expect(cached - stats().inUseBytes).toBeGreaterThan(1.5 * 2 ** 20);
      // Each time, not only the first.
      expect(total.get()).toBe(20000 * 400);
      const cachedAgain = stats().inUseBytes;
      release();
      expect(cachedAgain - stats().inUseBytes).toBeGreaterThan(1.5 * 2 ** 20);
      reader.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Semaphore } from '../../../electron/core/ingest/semaphore';
import { walk, type WalkEntry } from '../../../electron/core/ingest/walker';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'skr-walker-'));
  for (let d = 0; d < 5; d++) {
    const dir = path.join(root, `dir-${d}`, 'inner');
    await mkdir(dir, { recursive: true });
    for (let f = 0; f < 30; f++) await writeFile(path.join(dir, `file-${f}.txt`), `file ${d}/${f}\n`);
  }
  await writeFile(path.join(root, 'big.bin'), Buffer.alloc(2048, 1));
  await writeFile(path.join(root, 'empty.txt'), '');
  await symlink(root, path.join(root, 'dir-0', 'inner', 'to-root'));
  await symlink(path.join(root, 'dir-1'), path.join(root, 'alias-of-dir-1'));
  await symlink(path.join(root, 'gone'), path.join(root, 'dangling'));
  await symlink(path.join(root, 'self-a'), path.join(root, 'self-b'));
  await symlink(path.join(root, 'self-b'), path.join(root, 'self-a'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function collect(iterable: AsyncIterable<WalkEntry>): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const entry of iterable) out.push(entry);
  return out;
}

describe('walk', () => {
  it('finds every file once, reports loops, dangling links, empties and oversize files', async () => {
    const entries = await collect(walk([root], { limiter: new Semaphore(4), maxFileBytes: 1024 }));
    const files = entries.filter((e) => e.type === 'file');
    expect(files).toHaveLength(150);
    expect(new Set(files.map((f) => f.path)).size).toBe(150);
    const rel = (e: WalkEntry) => [path.relative(root, e.path), e.type === 'file' ? 'file' : e.reason];
    const others = entries.filter((e) => e.type !== 'file').map(rel);
    expect(others).toEqual(
      expect.arrayContaining([
        [path.join('dir-0', 'inner', 'to-root'), 'symlink_loop'],
        ['dangling', 'dangling_link'],
        ['self-a', 'symlink_loop'],
        ['self-b', 'symlink_loop'],
        ['empty.txt', 'empty'],
        ['big.bin', 'too_large'],
      ]),
    );
  });

  it('never holds more than one directory open, and stops when aborted', async () => {
    const limiter = new Semaphore(64);
    const controller = new AbortController();
    let seen = 0;
    for await (const entry of walk([root], { limiter, signal: controller.signal })) {
      expect(limiter.inUse).toBeLessThanOrEqual(1);
      if (entry.type === 'file' && ++seen === 10) controller.abort();
    }
    expect(seen).toBe(10);
    expect(limiter.inUse).toBe(0);
    expect(limiter.peak).toBe(1);
  });

  it('waits for a handle when the limit is taken', async () => {
    const limiter = new Semaphore(2);
    const release = await limiter.acquire(2);
    const iterator = walk([root], { limiter })[Symbol.asyncIterator]();
    let first: IteratorResult<WalkEntry> | undefined;
    const pending = iterator.next().then((r) => (first = r));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first).toBeUndefined();
    release();
    await pending;
    expect(first?.done).toBe(false);
    await iterator.return?.(undefined);
  });
});

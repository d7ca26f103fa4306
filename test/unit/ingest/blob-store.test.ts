import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore, safeExtension } from '../../../electron/core/ingest/blob-store';
import type { ImportError } from '../../../electron/core/ingest/failure-reason';
import { Semaphore } from '../../../electron/core/ingest/semaphore';

let dir: string;
let store: BlobStore;
const limiter = new Semaphore(4);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skr-blobs-'));
  store = new BlobStore(path.join(dir, 'library'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have failed'),
    (error: ImportError) => error.reason,
  );

describe('BlobStore', () => {
  it('hashes while copying (several MiB), keeps the extension on the temporary copy and promotes it into place', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
    const source = path.join(dir, 'report.PDF');
    await writeFile(source, data);
    const seen = await stat(source);
    const staged = await store.stageFile(source, seen, { limiter });
    expect(staged).toMatchObject({ sha256: sha(data), size: data.length });
    expect(path.extname(staged.tmpPath)).toBe('.pdf');
    const target = await store.promote(staged);
    expect(target).toBe(path.join(store.root, staged.sha256.slice(0, 2), staged.sha256.slice(2, 4), staged.sha256));
    expect((await readFile(target)).equals(data)).toBe(true);
    expect(await readdir(store.tmpDir)).toEqual([]);
    expect(limiter.inUse).toBe(0);
  });

  it('reports a file that vanished before the copy, or changed meanwhile, and leaves no temporary copy', async () => {
    const source = path.join(dir, 'moving.txt');
    await writeFile(source, 'first version');
    const seen = await stat(source);
    await writeFile(source, 'second, longer version');
    expect(await failureOf(store.stageFile(source, seen, { limiter }))).toBe('changed');
    await rm(source);
    expect(await failureOf(store.stageFile(source, seen, { limiter }))).toBe('vanished');
    expect(await readdir(store.tmpDir)).toEqual([]);
  });

  it('stages a stream under a size cap', async () => {
    const ok = await store.stageStream(Readable.from([Buffer.from('hello '), Buffer.from('world')]), 'a/b/hello.md', { limiter, maxBytes: 100 });
    expect(ok).toMatchObject({ sha256: sha('hello world'), size: 11 });
    await store.discard(ok.tmpPath);
    const tooBig = store.stageStream(Readable.from([Buffer.alloc(80), Buffer.alloc(80)]), 'x.txt', { limiter, maxBytes: 100 });
    expect(await failureOf(tooBig)).toBe('too_large');
    expect(await readdir(store.tmpDir)).toEqual([]);
  });

  it('keeps working after its folders were removed behind its back', async () => {
    const fresh = new BlobStore(path.join(dir, 'library-removed'));
    const body = () => Readable.from([Buffer.from('same content')]);
    await fresh.promote(await fresh.stageStream(body(), 'a.txt', { limiter }));
    await rm(fresh.root, { recursive: true, force: true });
    // Both the temporary folder and the blob's fan-out folder are gone now.
    const staged = await fresh.stageStream(body(), 'b.txt', { limiter });
    const target = await fresh.promote(staged);
    expect(target).toBe(fresh.pathOf(sha('same content')));
    expect(await readFile(target, 'utf8')).toBe('same content');
  });

  it('keeps only short alphanumeric extensions', () => {
    expect(safeExtension('a.TXT')).toBe('.txt');
    expect(safeExtension('noext')).toBe('');
    expect(safeExtension('weird.a b')).toBe('');
    expect(safeExtension('x.verylongextension')).toBe('');
  });
});

/** A 1 MiB tmpfs for the library (needs root on Linux). */
function mountSmallDisk(target: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('a full disk', () => {
  it('fails as disk_full and leaves no temporary file', async () => {
    const library = await mkdtemp(path.join(os.tmpdir(), 'skr-full-'));
    if (!mountSmallDisk(library)) {
      await rm(library, { recursive: true });
      throw new Error('This test mounts a 1 MiB tmpfs and needs root (CI runs as root)');
    }
    try {
      const source = path.join(dir, 'three-mib.bin');
      await writeFile(source, Buffer.alloc(3 * 1024 * 1024, 7));
      const full = new BlobStore(library);
      expect(await failureOf(full.stageFile(source, await stat(source), { limiter }))).toBe('disk_full');
      expect(await readdir(full.tmpDir)).toEqual([]);
    } finally {
      execFileSync('umount', [library]);
      await rm(library, { recursive: true, force: true });
    }
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, opendir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError, ImportError, reasonOfFsError } from './failure-reason';
import type { Semaphore } from './semaphore';

/** A copy in the library's temporary folder, hashed while it was written and synced to disk. */
export interface StagedBlob {
  tmpPath: string;
  sha256: string;
  size: number;
}

export interface StageOptions {
  limiter: Semaphore;
  signal?: AbortSignal;
  /** A source longer than this fails as `too_large` (uploads, whose size is not known ahead). */
  maxBytes?: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
/**
 * A copy buffer's pages stay resident once a large file has filled them, in every buffer of a copy
 * in flight and every spare kept (up to a dozen): 256 KiB holds that to 3 MB of the main process
 * (1 MiB buffers: 12 MB) and still reads a large file in few calls.
 */
const COPY_BUFFER_BYTES = 256 * 1024;
const MAX_SPARE_BUFFERS = 8;

/**
 * The content-addressed store of imported files: `<library>/blobs/ab/cd/<sha256>`. Files are first
 * copied into `<library>/blobs/tmp/` (hashing on the way, fsync), extracted from there, and renamed
 * into place when their document is committed, so a blob in place is always complete.
 */
export class BlobStore {
  readonly root: string;
  readonly tmpDir: string;
  /** Bytes in place, once counted: kept up to date by `promote` and `remove` afterwards. */
  private countedBytes: number | undefined;
  /** Copy buffers of finished copies, reused so thousands of files do not churn allocations. */
  private readonly spareBuffers: Buffer[] = [];

  constructor(readonly libraryDir: string) {
    this.root = path.join(libraryDir, 'blobs');
    this.tmpDir = path.join(this.root, 'tmp');
  }

  static isSha256(value: string): boolean {
    return SHA256.test(value);
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  /**
   * Copies a file on disk into a temporary blob, checking afterwards that it did not vanish or
   * change meanwhile (size and modification time against those the walk saw).
   */
  async stageFile(source: string, seen: { size: number; mtimeMs: number }, options: StageOptions): Promise<StagedBlob> {
    return options.limiter.with(2, async () => {
      let input;
      try {
        input = await open(source, 'r');
      } catch (error) {
        throw new ImportError(reasonOfFsError(error), describeFsError(error));
      }
      let staged: StagedBlob;
      const buffer = this.spareBuffers.pop() ?? Buffer.allocUnsafe(COPY_BUFFER_BYTES);
      try {
        staged = await this.copyInto(source, readChunks(input, buffer), options);
      } finally {
        if (this.spareBuffers.length < MAX_SPARE_BUFFERS) this.spareBuffers.push(buffer);
        await input.close();
      }
      let after;
      try {
        after = await stat(source);
      } catch (error) {
        await this.discard(staged.tmpPath);
        throw new ImportError(reasonOfFsError(error) === 'vanished' ? 'vanished' : 'unreadable', 'the file was removed while it was being imported');
      }
      if (after.size !== seen.size || after.mtimeMs !== seen.mtimeMs || staged.size !== seen.size) {
        await this.discard(staged.tmpPath);
        throw new ImportError('changed', `the file changed while it was being imported (${seen.size} → ${after.size} bytes)`);
      }
      return staged;
    });
  }

  /** Copies a stream (an upload) into a temporary blob; `name` gives the temporary file its extension. */
  stageStream(source: AsyncIterable<Buffer>, name: string, options: StageOptions): Promise<StagedBlob> {
    return options.limiter.with(1, () => this.copyInto(name, source, options));
  }

  /** Moves a staged copy to its place in the store (replacing an identical orphan, if any). */
  async promote(staged: StagedBlob): Promise<string> {
    const target = this.pathOf(staged.sha256);
    // The size of what is replaced only matters once the total has been counted.
    const replaced = this.countedBytes === undefined ? 0 : await sizeOf(target);
    await this.inFolder(path.dirname(target), () => rename(staged.tmpPath, target));
    if (this.countedBytes !== undefined) this.countedBytes += staged.size - replaced;
    return target;
  }

  /** Removes a temporary copy; a missing one is fine. */
  async discard(tmpPath: string): Promise<void> {
    await unlink(tmpPath).catch(() => {});
  }

  async remove(sha256: string): Promise<void> {
    const file = this.pathOf(sha256);
    const size = await sizeOf(file);
    await rm(file, { force: true });
    if (this.countedBytes !== undefined) this.countedBytes -= size;
  }

  /** Every blob in place, lazily: `{ sha256, path, size }`; files that are not blobs are `stray`. */
  async *list(): AsyncGenerator<{ sha256: string | null; path: string; size: number }> {
    for await (const file of filesUnder(this.root, new Set([this.tmpDir]))) {
      const name = path.basename(file.path);
      const rel = path.relative(this.root, file.path).split(path.sep);
      const wellPlaced = SHA256.test(name) && rel.length === 3 && rel[0] === name.slice(0, 2) && rel[1] === name.slice(2, 4);
      yield { sha256: wellPlaced ? name : null, path: file.path, size: file.size };
    }
  }

  /** Temporary copies left behind (by a crash: a running import removes its own). */
  async *listTemp(): AsyncGenerator<string> {
    for await (const file of filesUnder(this.tmpDir, new Set())) yield file.path;
  }

  /** Bytes of all blobs in place: counted on the first call, then kept up to date (this process's changes). */
  async totalBytes(): Promise<number> {
    if (this.countedBytes === undefined) {
      let total = 0;
      for await (const blob of this.list()) total += blob.size;
      this.countedBytes ??= total;
    }
    return this.countedBytes;
  }

  /**
   * Runs `write` in `dir`, making the folder when the write finds it missing (ENOENT). Nothing
   * remembers which of the 65,536 fan-out folders exist: that set only grew, by a path per blob.
   */
  private async inFolder<T>(dir: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true });
      return await write();
    }
  }

  private async copyInto(name: string, source: AsyncIterable<Buffer>, options: StageOptions): Promise<StagedBlob> {
    const tmpPath = path.join(this.tmpDir, `${randomBytes(12).toString('hex')}${safeExtension(name)}`);
    const hash = createHash('sha256');
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    let size = 0;
    let output;
    try {
      output = await this.inFolder(this.tmpDir, () => open(tmpPath, 'wx'));
    } catch (error) {
      throw new ImportError(reasonOfFsError(error) === 'disk_full' ? 'disk_full' : 'unreadable', `cannot write in the library: ${describeFsError(error)}`);
    }
    try {
      for await (const chunk of source) {
        if (options.signal?.aborted) throw new ImportError('cancelled', 'the import was cancelled');
        size += chunk.length;
        if (size > maxBytes) throw new ImportError('too_large', `more than the limit of ${maxBytes} bytes`);
        hash.update(chunk);
        await writeAll(output, chunk);
      }
      await output.sync();
      await output.close();
      output = undefined;
      return { tmpPath, sha256: hash.digest('hex'), size };
    } catch (error) {
      await output?.close().catch(() => {});
      await this.discard(tmpPath);
      if (error instanceof ImportError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new ImportError('disk_full', 'the disk holding the library is full');
      if (code === 'EIO' || code === 'EACCES' || code === 'EPERM') throw new ImportError('unreadable', describeFsError(error));
      throw error;
    }
  }
}

/** Reads a file through one buffer, piece by piece (each is hashed and written before the next read). */
async function* readChunks(handle: FileHandle, buffer: Buffer): AsyncGenerator<Buffer> {
  for (;;) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
    } catch (error) {
      throw new ImportError(reasonOfFsError(error) === 'vanished' ? 'vanished' : 'unreadable', describeFsError(error));
    }
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** The original extension, kept on the temporary copy because the worker sniffs by it after the magic bytes. */
export function safeExtension(name: string): string {
  const ext = path.extname(name).toLowerCase();
  return /^\.[a-z0-9]{1,10}$/.test(ext) ? ext : '';
}

async function* filesUnder(dir: string, skip: Set<string>): AsyncGenerator<{ path: string; size: number }> {
  let handle;
  try {
    handle = await opendir(dir);
  } catch {
    return;
  }
  const subdirs: string[] = [];
  for await (const entry of handle) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(full)) subdirs.push(full);
    } else {
      const size = await stat(full).then(
        (s) => s.size,
        () => 0,
      );
      yield { path: full, size };
    }
  }
  for (const sub of subdirs) yield* filesUnder(sub, skip);
}

function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

/** SHA-256 of a file on disk, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: COPY_BUFFER_BYTES })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

import type { Dirent, Stats } from 'node:fs';
import { lstat, opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFailureReason, ImportSkipReason } from '../../../shared/channels/import';
import type { Semaphore } from './semaphore';
import { describeFsError, reasonOfFsError } from './failure-reason';

export type WalkEntry =
  | { type: 'file'; path: string; size: number; mtimeMs: number }
  | { type: 'skipped'; path: string; reason: ImportSkipReason }
  | { type: 'failed'; path: string; reason: ImportFailureReason; message: string };

export interface WalkOptions {
  /** Every directory the walk reads holds one handle of it while open. */
  limiter: Semaphore;
  signal?: AbortSignal;
  /** Files larger than this are reported `too_large` without being read. */
  maxFileBytes?: number;
}

const key = (s: Stats) => `${s.dev}:${s.ino}`;

/**
 * Walks files and folders lazily, depth first: files come out while their directory is read, one
 * directory is open at a time, and only the names of subdirectories still to visit are kept.
 * Symbolic links are followed, with loops and dangling links reported; special files (FIFOs,
 * sockets, devices) are reported and never opened; a folder reached twice is walked once.
 */
export async function* walk(roots: Iterable<string>, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const visitedDirs = new Set<string>();
  const maxFileBytes = options.maxFileBytes ?? Number.POSITIVE_INFINITY;

  function* classify(file: string, stats: Stats): Generator<WalkEntry> {
    if (stats.isFile()) {
      if (stats.size === 0) yield { type: 'skipped', path: file, reason: 'empty' };
      else if (stats.size > maxFileBytes) {
        yield { type: 'failed', path: file, reason: 'too_large', message: `${stats.size} bytes is over the limit of ${maxFileBytes}` };
      } else yield { type: 'file', path: file, size: stats.size, mtimeMs: stats.mtimeMs };
    } else if (!stats.isDirectory()) yield { type: 'skipped', path: file, reason: 'special_file' };
  }

  async function* visitDir(dir: string, ancestors: Set<string>): AsyncGenerator<WalkEntry> {
    const subdirs: string[] = [];
    const release = await options.limiter.acquire(1);
    try {
      const handle = await opendir(dir, { bufferSize: 64 });
      for await (const dirent of handle) {
        if (options.signal?.aborted) return;
        const file = path.join(dir, dirent.name);
        const found = await statEntry(file, dirent);
        if ('type' in found) yield found;
        else if (found.stats.isDirectory()) subdirs.push(file);
        else yield* classify(file, found.stats);
      }
    } catch (error) {
      yield { type: 'failed', path: dir, reason: reasonOfFsError(error), message: describeFsError(error) };
    } finally {
      release();
    }
    for (const sub of subdirs) {
      if (options.signal?.aborted) return;
      yield* enterDir(sub, ancestors);
    }
  }

  async function* enterDir(dir: string, ancestors: Set<string>): AsyncGenerator<WalkEntry> {
    let stats: Stats;
    try {
      stats = await stat(dir);
    } catch (error) {
      yield { type: 'failed', path: dir, reason: reasonOfFsError(error), message: describeFsError(error) };
      return;
    }
    const id = key(stats);
    if (ancestors.has(id)) {
      yield { type: 'skipped', path: dir, reason: 'symlink_loop' };
      return;
    }
    if (visitedDirs.has(id)) return;
    visitedDirs.add(id);
    yield* visitDir(dir, new Set(ancestors).add(id));
  }

  for (const root of new Set(roots)) {
    if (options.signal?.aborted) return;
    const found = await statEntry(root);
    if ('type' in found) yield found;
    else if (found.stats.isDirectory()) yield* enterDir(root, new Set());
    else yield* classify(root, found.stats);
  }
}

/** Stats an entry, following a symbolic link; a broken or looping link becomes a report. */
async function statEntry(file: string, dirent?: Dirent): Promise<{ stats: Stats } | WalkEntry> {
  try {
    return { stats: await stat(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const isLink = dirent ? dirent.isSymbolicLink() : await isSymlink(file);
    if (isLink && code === 'ELOOP') return { type: 'skipped', path: file, reason: 'symlink_loop' };
    if (isLink && code === 'ENOENT') return { type: 'skipped', path: file, reason: 'dangling_link' };
    return { type: 'failed', path: file, reason: reasonOfFsError(error), message: describeFsError(error) };
  }
}

function isSymlink(file: string): Promise<boolean> {
  return lstat(file).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
}

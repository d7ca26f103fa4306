import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Files up to this size are read whole, once, and sniffed and extracted from memory. */
export const WHOLE_FILE_BYTES = 1024 * 1024;

/**
 * The whole file when it is at most `WHOLE_FILE_BYTES`, read synchronously; larger files are left
 * to the extractors, which stream them. A worker runs one task at a time, so blocking its loop costs
 * nothing, while the dozen asynchronous opens and reads that sniffing and then extracting a small
 * file took (each a hop through libuv's thread pool and back) cost more CPU than the reading itself.
 */
export function readWholeIfSmall(path: string): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > WHOLE_FILE_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, bytes, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return bytes.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

import type { Entry, ZipFile } from 'yauzl';
import { ExtractError } from '../extract-error';

/** Limits against zip bombs: declared sizes are checked up front, actual sizes while inflating. */
export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
};

/** A zip archive's directory, read once; entries are inflated on demand with a size cap. */
export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly limits: ZipLimits,
  ) {}

  /** Opens the archive at a path, or in bytes already read. */
  static async open(source: string | Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
    let zip: ZipFile;
    try {
      const { default: yauzl } = await import('yauzl');
      const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false };
      zip = typeof source === 'string' ? await yauzl.openPromise(source, options) : await yauzl.fromBufferPromise(source, options);
    } catch (error) {
      throw asZipError(error);
    }
    const entries = new Map<string, Entry>();
    let total = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: Entry) => {
          total += entry.uncompressedSize;
          if (entries.size >= limits.maxEntries) return reject(new ExtractError('too_large', `the archive has more than ${limits.maxEntries} entries`));
          if (total > limits.maxTotalBytes) return reject(new ExtractError('too_large', `the archive unpacks to more than ${limits.maxTotalBytes >> 20} MiB`));
          entries.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.on('end', resolve);
        zip.on('error', reject);
        zip.readEntry();
      });
    } catch (error) {
      zip.close();
      throw asZipError(error);
    }
    return new ZipArchive(zip, entries, limits);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** The entry's bytes; `too_large` past the per-entry cap, `corrupt` if it does not inflate. */
  async read(name: string): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new ExtractError('corrupt', `the archive has no ${name}`);
    if (entry.uncompressedSize > this.limits.maxEntryBytes) {
      throw new ExtractError('too_large', `${name} unpacks to more than ${this.limits.maxEntryBytes >> 20} MiB`);
    }
    try {
      const stream = await this.zip.openReadStreamPromise(entry);
      const parts: Buffer[] = [];
      for await (const part of stream) parts.push(part as Buffer);
      return Buffer.concat(parts);
    } catch (error) {
      throw asZipError(error);
    }
  }

  async readText(name: string): Promise<string> {
    return new TextDecoder('utf-8').decode(await this.read(name));
  }

  close(): void {
    this.zip.close();
  }
}

function asZipError(error: unknown): unknown {
  if (error instanceof ExtractError || (error as NodeJS.ErrnoException).code) return error;
  return new ExtractError('corrupt', `not a readable zip archive: ${(error as Error).message}`);
}

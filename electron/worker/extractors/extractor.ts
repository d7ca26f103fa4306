import type { ImageInfo } from '../../core/pool/protocol';
import type { ChunkWriter } from '../chunking/chunk-writer';

export interface ExtractContext {
  path: string;
  /** The whole file, when it is small enough to have been read at once (see whole-file.ts). */
  bytes?: Buffer;
  writer: ChunkWriter;
  thumbnailPath?: string;
}

/** What an extractor learned besides the text it wrote. */
export interface ExtractedFields {
  title?: string;
  author?: string;
  pages?: number;
  encoding?: string;
  image?: ImageInfo;
}

export type Extractor = (context: ExtractContext) => Promise<ExtractedFields>;

/** What an extractor reads: the file's bytes when they are in memory, else the file. */
export const sourceOf = ({ path, bytes }: ExtractContext): string | Buffer => bytes ?? path;

export function cleanField(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 500) : undefined;
}

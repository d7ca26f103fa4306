import type { ImageInfo } from '../../core/pool/protocol';
import type { ChunkWriter } from '../chunking/chunk-writer';

export interface ExtractContext {
  path: string;
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

export function cleanField(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 500) : undefined;
}

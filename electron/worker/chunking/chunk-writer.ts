import type { TextChunk } from '../../core/pool/protocol';
import { MAX_CHUNK_BYTES } from '../../core/pool/protocol';
import { ContentMetricsCounter } from './content-metrics';
import { findCut } from './find-cut';

/** Sends one chunk to the parent (`last`: nothing follows it); resolves when the worker may produce more. */
export type ChunkSink = (chunk: TextChunk, last: boolean) => Promise<void>;

export interface TextPosition {
  page?: number;
  section?: string;
}

/**
 * Collects streamed text into chunks of at most `maxBytes` UTF-8 bytes and sends each as soon as
 * it is full; a new page or section always starts a new chunk. Counts content metrics on the way.
 */
export class ChunkWriter {
  private pending = '';
  private pendingBytes = 0;
  private position: TextPosition = {};
  private ordinal = 0;
  private sections = 0;
  readonly metrics = new ContentMetricsCounter();

  constructor(
    private readonly sink: ChunkSink,
    private readonly maxBytes = MAX_CHUNK_BYTES,
  ) {
    this.maxBytes = Math.max(16, Math.min(maxBytes, MAX_CHUNK_BYTES));
  }

  async write(text: string): Promise<void> {
    if (!text) return;
    this.metrics.add(text);
    this.pending += text;
    // A surrogate pair split across writes is counted 6 bytes instead of 4: a harmless overestimate.
    this.pendingBytes += Buffer.byteLength(text);
    while (this.pendingBytes > this.maxBytes) {
      const cut = findCut(this.pending, this.maxBytes);
      if (cut >= this.pending.length) break;
      const head = this.pending.slice(0, cut);
      this.pending = this.pending.slice(cut);
      // Subtracting what left keeps one huge write linear; re-measuring the rest each time would not be.
      this.pendingBytes -= Buffer.byteLength(head);
      await this.emit(head);
    }
  }

  /** Ends the current chunk; what follows belongs to this page or section. */
  async moveTo(position: TextPosition): Promise<void> {
    await this.flush();
    if (position.section !== undefined && position.section !== this.position.section) this.sections++;
    this.position = position;
  }

  async end(): Promise<void> {
    await this.flush(true);
  }

  get chunkCount(): number {
    return this.ordinal;
  }

  get sectionCount(): number {
    return this.sections;
  }

  private async flush(last = false): Promise<void> {
    const text = this.pending;
    this.pending = '';
    this.pendingBytes = 0;
    if (text.trim()) await this.emit(text, last);
  }

  private async emit(text: string, last = false): Promise<void> {
    const chunk: TextChunk = { ordinal: this.ordinal++, text };
    if (this.position.page !== undefined) chunk.page = this.position.page;
    if (this.position.section !== undefined) chunk.section = this.position.section;
    await this.sink(chunk, last);
  }
}

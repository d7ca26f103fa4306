import type { TextChunk } from '../pool/protocol';
import type { Library } from '../library';
import type { ChunkInput, CommitDocument, NewDocument } from '../library';
import { splitPassages } from '../library/passages';

export type LibraryWriter = Pick<Library, 'beginDocument' | 'appendChunks' | 'commitDocument' | 'abortDocument' | 'addDocuments'>;

/** Documents whose whole text is at most this are written in batches with others; bigger ones stream. */
const SMALL_DOCUMENT_CHARS = 64 * 1024;
/** A batch is written once it holds this much text or this many documents, or after `BATCH_DELAY_MS`. */
const BATCH_CHARS = 256 * 1024;
const BATCH_DOCUMENTS = 100;
const BATCH_DELAY_MS = 50;

/** What the commit carries beyond `CommitDocument`: the kind the worker found (see the report). */
export type FinalDocument = CommitDocument & { kind?: string; mime?: string };

interface Pending {
  meta: NewDocument;
  chunks: ChunkInput[];
  final: FinalDocument;
  chars: number;
  resolve(id: number): void;
  reject(error: unknown): void;
}

/**
 * Writes small documents many per transaction (`addDocuments`), so thousands of small files do not
 * cost a commit each. Each document still becomes visible whole. Holds at most one batch of text.
 */
export class DocumentBatcher {
  private pending: Pending[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly library: LibraryWriter) {}

  add(meta: NewDocument, chunks: ChunkInput[], final: FinalDocument): Promise<number> {
    const chars = chunks.reduce((sum, c) => sum + c.text.length, 0);
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ meta, chunks, final, chars, resolve, reject });
      this.chars += chars;
      if (this.chars >= BATCH_CHARS || this.pending.length >= BATCH_DOCUMENTS) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), BATCH_DELAY_MS);
    });
  }

  /** Writes what is pending; resolves once every batch handed over so far is written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.chars = 0;
    if (batch.length > 0) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** Drops what is pending (cancel): its documents never appear. */
  discard(reason: unknown): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const item of this.pending.splice(0)) item.reject(reason);
    this.chars = 0;
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const ids = await this.library.addDocuments(
        batch.map(({ meta, chunks, final }) => ({ meta: withKind(meta, final), chunks, final })),
      );
      batch.forEach((item, i) => item.resolve(ids[i]!));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}

/**
 * The text of one file as the worker streams it: split into passages, kept in memory while the
 * document is small (then handed to the batcher), streamed into an `importing` row once it is not.
 */
export class StreamedDocument {
  private buffered: ChunkInput[] = [];
  private bufferedChars = 0;
  private ordinal = 0;
  private id: number | undefined;
  private attempt = 1;

  constructor(
    private readonly library: LibraryWriter,
    private readonly batcher: DocumentBatcher,
    private readonly meta: NewDocument,
  ) {}

  async add(chunk: TextChunk, attempt: number): Promise<void> {
    if (attempt !== this.attempt) await this.restart(attempt);
    let passages = splitPassages(chunk.text).map((text) => ({ ordinal: this.ordinal++, text }));
    if (this.id === undefined) {
      this.buffered.push(...passages);
      this.bufferedChars += chunk.text.length;
      if (this.bufferedChars <= SMALL_DOCUMENT_CHARS) return;
      this.id = await this.library.beginDocument(this.meta);
      passages = this.buffered;
      this.buffered = [];
    }
    await this.library.appendChunks(this.id, passages);
  }

  /** Makes the document searchable, whole; resolves to its id. */
  async commit(final: FinalDocument): Promise<number> {
    if (this.id === undefined) return this.batcher.add(this.meta, this.buffered, final);
    await this.library.commitDocument(this.id, final);
    return this.id;
  }

  /** Removes what was written of the document, if anything. */
  async abort(): Promise<void> {
    const id = this.id;
    this.id = undefined;
    this.buffered = [];
    if (id !== undefined) await this.library.abortDocument(id);
  }

  /** A retried extraction starts over: drop what the first attempt delivered. */
  private async restart(attempt: number): Promise<void> {
    this.attempt = attempt;
    this.ordinal = 0;
    this.bufferedChars = 0;
    await this.abort();
  }
}

function withKind(meta: NewDocument, final: FinalDocument): NewDocument {
  return { ...meta, kind: final.kind ?? meta.kind, mime: final.mime ?? meta.mime };
}

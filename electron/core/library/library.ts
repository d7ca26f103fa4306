import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LibraryStats } from '../../../shared/channels/app';
import type {
  DocumentDetail,
  ListFilter,
  ListResult,
  ReaderPoolStats,
  SearchFilters,
  SearchResult,
  TagCount,
  TextResult,
} from '../../../shared/channels/library';
import { AppError } from '../api/app-error';
import { migrate, openConnection, type Ranking } from './connection';
import { IdleMaintenance } from './idle-maintenance';
import type { ReaderOps } from './reader-ops';
import { SqlPool, type JobOptions } from './sql-pool';
import type {
  ChunkInput,
  CommitDocument,
  DeleteResult,
  DocumentRef,
  IntegrityReport,
  NewDocument,
} from './types';
import type { NoteWrite, TagChangeResult, WriterOps } from './writer-ops';

export interface OpenLibraryOptions {
  /** The library folder; created with its `library.db` on first use. */
  dir: string;
  /** The built SQL thread script (dist/core/sql-worker.mjs). */
  sqlWorkerScript: string;
  /** Read-only SQL threads (default 2). */
  readers?: number;
  /** better-sqlite3 addon path, passed to every `new Database()` (Electron uses its own build). */
  nativeBinding?: string;
  /**
   * The ranking extension without its suffix (see loadRanker); by default `skr_bm25` beside the
   * SQL thread script, where scripts/build.mjs builds it.
   */
  ranker?: string;
  log?: (message: string) => void;
  /** Bytes of the blob store, for `stats()`; owned by the ingest side. */
  blobBytes?: () => number | Promise<number>;
  /** Deletes blob files no document refers to any more (after `deleteDocuments`); ingest's. */
  releaseBlobs?: (sha256s: string[]) => Promise<void>;
  /** Per-query timeout of reads (default 10 s). */
  readTimeoutMs?: number;
  /** Queries slower than this are logged and counted (default 40 ms). */
  slowQueryMs?: number;
  /** Index upkeep starts once writes have paused this long (default 3 s). */
  idleMaintenanceMs?: number;
  /**
   * A library that is never idle (imports and deletes without pause) still drops its tombstones
   * after a delete this long after the last pruning (default 60 s); readers then reload once.
   */
  busyTombstonePruneMs?: number;
  /** An SQL thread in use for this long hands over to a fresh one (default 60 s; see SqlPool). */
  renewThreadsAfterMs?: number;
}

export interface SearchOptions {
  query: string;
  limit?: number;
  cursor?: string;
  filters?: SearchFilters;
}

export interface ListOptions {
  sort?: 'date' | 'title' | 'size';
  order?: 'asc' | 'desc';
  type?: string;
  tag?: string;
  limit?: number;
  cursor?: string;
  /** Row to start at (random access); wins over `cursor`. */
  offset?: number;
}

export interface NewStagedDocument {
  meta: NewDocument;
  chunks: ChunkInput[];
  final: CommitDocument;
}

/** Most text one write transaction carries, which keeps each well under 50 ms. */
const BATCH_CHARS = 128 * 1024;
const DELETE_BATCH_ROWS = 500;
/** Pages of full-text index one upkeep step merges: a few tens of milliseconds of writing. */
const MERGE_STEP_PAGES = 64;

type Reads = { [K in keyof ReaderOps]: ReaderOps[K] };
type Writes = { [K in keyof WriterOps]: WriterOps[K] };

function batches<T>(items: T[], size: (item: T) => number, limit: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length && total + n > limit) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += n;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * One library: a SQLite file served by a writer thread and a pool of reader threads. Every method
 * runs its SQL off the calling thread; see index.ts for the import protocol.
 */
export class Library {
  private readonly upkeep: IdleMaintenance;
  private tombstonesPrunedAt = performance.now();

  private constructor(
    readonly dir: string,
    readonly file: string,
    private readonly pool: SqlPool,
    private readonly options: OpenLibraryOptions,
    log: (message: string) => void,
  ) {
    this.upkeep = new IdleMaintenance(
      () => this.pool.write('maintainIndex', [MERGE_STEP_PAGES]) as Promise<boolean>,
      options.idleMaintenanceMs ?? 3000,
      log,
    );
  }

  static async open(options: OpenLibraryOptions): Promise<Library> {
    mkdirSync(options.dir, { recursive: true });
    const file = path.join(options.dir, 'library.db');
    // Migrations are bounded work on a fresh or older file; they run once, before any thread starts.
    const db = openConnection(file, { nativeBinding: options.nativeBinding });
    try {
      migrate(db);
    } finally {
      db.close();
    }
    const log = options.log ?? ((m: string) => console.error(m));
    const pool = await SqlPool.start({
      script: options.sqlWorkerScript,
      file,
      readers: options.readers ?? 2,
      nativeBinding: options.nativeBinding,
      ranker: options.ranker ?? path.join(path.dirname(options.sqlWorkerScript), 'skr_bm25'),
      readTimeoutMs: options.readTimeoutMs,
      slowMs: options.slowQueryMs,
      renewAfterMs: options.renewThreadsAfterMs,
      log,
    });
    return new Library(options.dir, file, pool, options, log);
  }

  private read<K extends keyof Reads>(
    op: K,
    args: Parameters<Reads[K]>,
    options?: JobOptions,
  ): Promise<ReturnType<Reads[K]>> {
    return this.pool.read(op, args, options) as Promise<ReturnType<Reads[K]>>;
  }

  private write<K extends keyof Writes>(
    op: K,
    args: Parameters<Writes[K]>,
  ): Promise<ReturnType<Writes[K]>> {
    this.upkeep.noteWrite();
    return this.pool.write(op, args) as Promise<ReturnType<Writes[K]>>;
  }

  /**
   * Finishes index upkeep now instead of when the library is next idle: segments merged, delete
   * markers and tombstones gone.
   */
  settleIndex(): Promise<void> {
    return this.upkeep.settle();
  }

  sqliteVersion(): string {
    return this.pool.sqliteVersion;
  }

  ranking(): Ranking {
    return this.pool.ranking;
  }

  readerPoolStats(): ReaderPoolStats {
    return this.pool.stats();
  }

  async stats(): Promise<LibraryStats> {
    const [stats, blobBytes] = await Promise.all([
      this.read('stats', []),
      this.options.blobBytes?.() ?? 0,
    ]);
    return { ...stats, blobBytes };
  }

  /** Runs a query of the query language; a malformed query rejects with AppError `query_error`. */
  async search(options: SearchOptions, job: { signal?: AbortSignal } = {}): Promise<SearchResult> {
    const started = performance.now();
    const result = await this.read(
      'search',
      [
        {
          query: options.query,
          limit: options.limit ?? 20,
          cursor: options.cursor,
          filters: options.filters,
        },
      ],
      job,
    );
    return { ...result, tookMs: Math.round((performance.now() - started) * 1000) / 1000 };
  }

  list(options: ListOptions = {}, job: { signal?: AbortSignal } = {}): Promise<ListResult> {
    return this.read(
      'list',
      [
        {
          sort: options.sort ?? 'date',
          order: options.order ?? 'desc',
          limit: options.limit ?? 50,
          ...options,
        },
      ],
      job,
    );
  }

  /** Every document id of a listing (its type and tag filters), for acting on all of them. */
  listIds(filter: ListFilter, job: { signal?: AbortSignal } = {}): Promise<number[]> {
    return this.read('ids', [filter], job);
  }

  getDocument(id: number): Promise<DocumentDetail> {
    return this.read('get', [id]);
  }

  documentText(id: number, fromSection = 0, maxChars = 200_000): Promise<TextResult> {
    return this.read('text', [id, fromSection, maxChars]);
  }

  listTags(): Promise<TagCount[]> {
    return this.read('listTags', []);
  }

  findBySha256(sha256: string): Promise<DocumentRef | null> {
    return this.read('findBySha256', [sha256]);
  }

  /** Documents left `importing` or `deleting` (e.g. by a crash): resume or abort them. */
  listIncompleteDocuments(): Promise<DocumentRef[]> {
    return this.read('listIncomplete', []);
  }

  integrityCheck(): Promise<IntegrityReport> {
    return this.read('integrityCheck', [], { timeoutMs: 10 * 60_000 });
  }

  beginDocument(meta: NewDocument): Promise<number> {
    return this.write('beginDocument', [meta]);
  }

  /** Adds passages in transactions of at most ~128 K characters each. */
  async appendChunks(id: number, chunks: ChunkInput[]): Promise<void> {
    for (const batch of batches(chunks, (c) => c.text.length, BATCH_CHARS))
      await this.write('appendChunks', [id, batch]);
  }

  commitDocument(id: number, final: CommitDocument = {}): Promise<void> {
    return this.write('commitDocument', [id, final]);
  }

  /** Removes a document that is still importing, with its passages. */
  abortDocument(id: number): Promise<DeleteResult> {
    return this.deleteDocuments([id]);
  }

  /**
   * Many small documents at once (e.g. a folder of notes): each transaction writes as many whole
   * documents as fit in ~128 K characters, so each becomes visible complete. Returns their ids.
   */
  async addDocuments(documents: NewStagedDocument[]): Promise<number[]> {
    const size = (d: NewStagedDocument) => d.chunks.reduce((sum, c) => sum + c.text.length, 0);
    const ids: number[] = [];
    for (const batch of batches(documents, size, BATCH_CHARS)) {
      if (batch.length === 1 && size(batch[0]!) > BATCH_CHARS) {
        const { meta, chunks, final } = batch[0]!;
        const id = await this.beginDocument(meta);
        await this.appendChunks(id, chunks);
        await this.commitDocument(id, final);
        ids.push(id);
      } else ids.push(...(await this.write('addDocuments', [batch])));
    }
    return ids;
  }

  /**
   * Deletes documents, their passages, index rows, tags links and note bodies. They vanish from
   * every read at once; the passages then go in short transactions.
   */
  async deleteDocuments(ids: number[]): Promise<DeleteResult> {
    const unique = [...new Set(ids)];
    const found = await this.write('markDeleting', [unique]);
    for (const { id } of found) {
      while ((await this.write('removeChunkBatch', [id, DELETE_BATCH_ROWS])) > 0);
      await this.write('removeDocumentRow', [id]);
    }
    const hashes = found.flatMap((d) => (d.sha256 ? [d.sha256] : []));
    const present = new Set(found.map((d) => d.id));
    if (
      found.length &&
      performance.now() - this.tombstonesPrunedAt >= (this.options.busyTombstonePruneMs ?? 60_000)
    ) {
      this.tombstonesPrunedAt = performance.now();
      await this.write('pruneTombstones', []);
    }
    const unreferencedBlobs = hashes.length ? await this.write('unreferencedBlobs', [hashes]) : [];
    if (unreferencedBlobs.length) await this.options.releaseBlobs?.(unreferencedBlobs);
    return {
      deleted: [...present],
      missing: unique.filter((id) => !present.has(id)),
      unreferencedBlobs,
    };
  }

  async createNote(note: NoteWrite): Promise<DocumentDetail> {
    return this.getDocument(await this.write('createNote', [note]));
  }

  async updateNote(id: number, change: { title?: string; body?: string }): Promise<DocumentDetail> {
    await this.write('updateNote', [id, change]);
    return this.getDocument(id);
  }

  async deleteNote(id: number): Promise<boolean> {
    const doc = await this.getDocument(id).catch(() => null);
    if (!doc || doc.type !== 'note') throw new AppError('not_found', `No note ${id}`);
    return (await this.deleteDocuments([id])).deleted.length === 1;
  }

  addTags(ids: number[], tags: string[]): Promise<TagChangeResult> {
    return this.write('addTags', [{ ids, tags }]);
  }

  removeTags(ids: number[], tags: string[]): Promise<TagChangeResult> {
    return this.write('removeTags', [{ ids, tags }]);
  }

  renameTag(from: string, to: string): Promise<TagCount> {
    return this.write('renameTag', [from, to]);
  }

  async close(): Promise<void> {
    await this.upkeep.close();
    await this.pool.close();
  }
}

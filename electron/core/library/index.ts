/**
 * The library: one SQLite file (WAL, foreign keys, `user_version` migrations) holding documents,
 * their passages ("chunks"), tags, notes and settings, with FTS5 search. All SQL runs in
 * worker_threads: one writer thread, a pool of reader threads (see sql-pool.ts).
 *
 * Import protocol (for the ingest pipeline), so that no transaction holds the writer long:
 * 1. `findBySha256(sha)` — skip content that is already in the library.
 * 2. `beginDocument(meta)` → id. The row is `importing`: invisible to search, lists and stats.
 * 3. `appendChunks(id, [{ ordinal, text }, …])` as text arrives, any number of times. Ordinals are
 *    0-based and unique per document (< 2^24); passages are split into ~128 K-character
 *    transactions internally.
 * 4. `commitDocument(id, { metrics, language, title?, metadata?, thumbnail?, noText?, tags? })`
 *    flips the document to `ready` in one transaction: it becomes searchable at once, whole.
 *    On failure call `abortDocument(id)` instead, which removes the row and its passages.
 * Many small files: `addDocuments([{ meta, chunks, final }])` writes whole documents per batch.
 * After a crash, `listIncompleteDocuments()` names rows left `importing`/`deleting`; abort them.
 * `deleteDocuments(ids)` returns `unreferencedBlobs`: hashes the blob store may now delete.
 *
 * Upkeep (idle-maintenance.ts): once writes pause, the full-text indexes' segments are merged and
 * tombstones dropped, a short step at a time; `settleIndex()` runs it to the end at once.
 */
import { Library, type OpenLibraryOptions } from './library';

export { Library };
export type { OpenLibraryOptions, SearchOptions, ListOptions, NewStagedDocument } from './library';
export type * from './types';
export type { ReaderPoolStats } from '../../../shared/channels/library';
export { SCHEMA_VERSION } from './schema';

/** Opens (creating on first use) the library in `options.dir` and starts its SQL threads. */
export function openLibrary(options: OpenLibraryOptions): Promise<Library> {
  return Library.open(options);
}

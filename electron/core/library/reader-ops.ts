import { statSync } from 'node:fs';
import { AppError } from '../api/app-error';
import type { LibraryStats } from '../../../shared/channels/app';
import type {
  DocumentDetail,
  DocumentSummary,
  ListFilter,
  ListInput,
  ListResult,
  SearchResult,
  TagCount,
  TextResult,
} from '../../../shared/channels/library';
import { BOUND_LIMIT, type Db } from './connection';
import { decodeCursor, encodeCursor } from './cursor';
import { DocIndex } from './doc-index';
import { CHUNK_ID_SPAN } from './schema';
import { createSearch, type SearchRequest } from './search';
import type { DocumentRef, IntegrityReport } from './types';

interface DocumentRow {
  id: number;
  title: string;
  kind: string;
  mime: string | null;
  size: number;
  original_path: string | null;
  imported_at: number;
  modified_at: number | null;
  language: string | null;
  thumbnail: string | null;
  no_text: number;
  tags: string | null;
}

const SUMMARY_COLUMNS = `d.id, d.title, d.kind, d.mime, d.size, d.original_path, d.imported_at, d.modified_at, d.language,
  d.thumbnail, d.no_text,
  (SELECT json_group_array(t.name) FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.doc_id = d.id) AS tags`;

function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    type: row.kind,
    mime: row.mime,
    size: row.size,
    path: row.original_path,
    importedAt: row.imported_at,
    modifiedAt: row.modified_at,
    language: row.language,
    thumbnail: row.thumbnail,
    noText: row.no_text === 1,
    tags: row.tags ? (JSON.parse(row.tags) as string[]).sort() : [],
  };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const SORT_COLUMNS = {
  date: 'coalesce(d.modified_at, d.imported_at)',
  title: 'd.title COLLATE NOCASE',
  size: 'd.size',
} as const;

/** The WHERE clause of a listing: ready documents, of a type, with a tag. */
function listingWhere(filter: ListFilter): { clause: string; params: unknown[] } {
  const where = ["d.state = 'ready'"];
  const params: unknown[] = [];
  if (filter.type) {
    where.push('d.kind = ?');
    params.push(filter.type);
  }
  if (filter.tag) {
    where.push('d.id IN (SELECT dt.doc_id FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?)');
    params.push(filter.tag.trim());
  }
  return { clause: where.join(' AND '), params };
}

/**
 * Every read of the library, run on reader threads over a read-only connection. `fastBm25`: the
 * connection has the ranking extension (see loadRanker).
 */
export function createReaderOps(db: Db, options: { fastBm25?: boolean } = {}) {
  const docIndex = new DocIndex(db);
  // Loaded as the thread starts, so the first search does not pay for it.
  db.transaction(() => docIndex.refresh())();
  const search = createSearch(db, docIndex, options.fastBm25 ?? false);
  const getDocument = db.prepare(`
    SELECT ${SUMMARY_COLUMNS}, d.sha256, d.metrics, d.metadata, d.chunk_count, d.text_chars, n.body AS note_body
    FROM documents d LEFT JOIN notes n ON n.doc_id = d.id WHERE d.id = ? AND d.state = 'ready'`);

  return {
    stats(): Omit<LibraryStats, 'blobBytes'> {
      return db.transaction(() => {
        const byKind = db
          .prepare("SELECT kind, count(*) AS n FROM documents WHERE state = 'ready' GROUP BY kind")
          .all() as {
          kind: string;
          n: number;
        }[];
        const byType = Object.fromEntries(byKind.map((r) => [r.kind, r.n]));
        const chunks = db
          .prepare("SELECT coalesce(sum(chunk_count), 0) FROM documents WHERE state = 'ready'")
          .pluck()
          .get() as number;
        const tags = db.prepare('SELECT count(*) FROM tags').pluck().get() as number;
        return {
          documents: byKind.reduce((sum, r) => sum + r.n, 0),
          notes: byType.note ?? 0,
          tags,
          chunks,
          databaseBytes: fileSize(db.name),
          walBytes: fileSize(`${db.name}-wal`),
          byType,
        };
      })();
    },

    search(request: SearchRequest): SearchResult {
      return search(request);
    },

    list(input: Required<Pick<ListInput, 'sort' | 'order' | 'limit'>> & ListInput): ListResult {
      const { clause, params } = listingWhere(input);
      const offset = input.offset ?? (input.cursor ? decodeCursor(input.cursor) : 0);
      const direction = input.order === 'asc' ? 'ASC' : 'DESC';
      return db.transaction(() => {
        const total = db
          .prepare(`SELECT count(*) FROM documents d WHERE ${clause}`)
          .pluck()
          .get(...params) as number;
        const rows = db
          .prepare(
            `SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE ${clause}
             ORDER BY ${SORT_COLUMNS[input.sort]} ${direction}, d.id ${direction} ${BOUND_LIMIT} OFFSET ?`,
          )
          .all(...params, input.limit, offset) as DocumentRow[];
        const next = offset + rows.length;
        return {
          total,
          items: rows.map(toSummary),
          nextCursor: next < total ? encodeCursor(next) : null,
        };
      })();
    },

    /** Every document id of a listing, in one row of JSON (100,000 rows would cross one by one). */
    ids(filter: ListFilter): number[] {
      const { clause, params } = listingWhere(filter);
      return JSON.parse(
        db.prepare(`SELECT json_group_array(id) FROM documents d WHERE ${clause}`).pluck().get(...params) as string,
      ) as number[];
    },

    get(id: number): DocumentDetail {
      const row = getDocument.get(id) as
        | (DocumentRow & {
            sha256: string | null;
            metrics: string;
            metadata: string;
            chunk_count: number;
            text_chars: number;
            note_body: string | null;
          })
        | undefined;
      if (!row) throw new AppError('not_found', `No document ${id}`);
      return {
        ...toSummary(row),
        sha256: row.sha256,
        metrics: JSON.parse(row.metrics) as Record<string, unknown>,
        metadata: JSON.parse(row.metadata) as Record<string, unknown>,
        chunkCount: row.chunk_count,
        textChars: row.text_chars,
        noteBody: row.note_body,
      };
    },

    text(id: number, fromSection: number, maxChars: number): TextResult {
      return db.transaction(() => {
        const doc = db
          .prepare("SELECT chunk_count FROM documents WHERE id = ? AND state = 'ready'")
          .get(id) as { chunk_count: number } | undefined;
        if (!doc) throw new AppError('not_found', `No document ${id}`);
        const rows = db
          .prepare('SELECT id, text FROM chunks WHERE id >= ? AND id < ? ORDER BY id')
          .iterate(id * CHUNK_ID_SPAN, (id + 1) * CHUNK_ID_SPAN) as IterableIterator<{
          id: number;
          text: string;
        }>;
        const sections: TextResult['sections'] = [];
        let index = 0;
        let chars = 0;
        let nextSection: number | null = null;
        for (const row of rows) {
          if (index++ < fromSection) continue;
          if (sections.length && chars + row.text.length > maxChars) {
            nextSection = index - 1;
            break;
          }
          sections.push({ ordinal: row.id - id * CHUNK_ID_SPAN, text: row.text });
          chars += row.text.length;
        }
        return { id, totalSections: doc.chunk_count, sections, nextSection };
      })();
    },

    findBySha256(sha256: string): DocumentRef | null {
      const row = db
        .prepare(
          'SELECT id, state, title, sha256, original_path AS originalPath, imported_at AS importedAt FROM documents WHERE sha256 = ? ORDER BY id LIMIT 1',
        )
        .get(sha256) as DocumentRef | undefined;
      return row ?? null;
    },

    listIncomplete(): DocumentRef[] {
      return db
        .prepare(
          "SELECT id, state, title, sha256, original_path AS originalPath, imported_at AS importedAt FROM documents WHERE state != 'ready' ORDER BY id",
        )
        .all() as DocumentRef[];
    },

    listTags(): TagCount[] {
      return db
        .prepare(
          `SELECT t.name, count(d.id) AS count FROM tags t
           LEFT JOIN document_tags dt ON dt.tag_id = t.id
           LEFT JOIN documents d ON d.id = dt.doc_id AND d.state = 'ready'
           GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
        )
        .all() as TagCount[];
    },

    integrityCheck(): IntegrityReport {
      return db.transaction(() => checkIntegrity(db))();
    },
  };
}

function checkIntegrity(db: Db): IntegrityReport {
  const problems: string[] = [];
  // FTS5's check compares against the structure this connection last loaded; a query reloads it.
  for (const table of ['chunk_fts', 'title_fts'])
    db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH '"x"' LIMIT 1`).all();
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  for (const row of integrity)
    if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
  const foreign = db.pragma('foreign_key_check') as {
    table: string;
    rowid: number;
    parent: string;
  }[];
  for (const row of foreign)
    problems.push(`foreign key: ${row.table} row ${row.rowid} points to a missing ${row.parent}`);
  const orphans = db
    .prepare('SELECT count(*) FROM chunks WHERE (id >> 24) NOT IN (SELECT id FROM documents)')
    .pluck()
    .get() as number;
  if (orphans) problems.push(`${orphans} passages belong to no document`);
  const titles = db
    .prepare('SELECT count(*) FROM title_fts WHERE rowid NOT IN (SELECT id FROM documents)')
    .pluck()
    .get() as number;
  if (titles) problems.push(`${titles} title index rows belong to no document`);
  return { ok: problems.length === 0, problems };
}

export type ReaderOps = ReturnType<typeof createReaderOps>;

/**
 * Schema migrations, numbered by `PRAGMA user_version`: migration i brings a library from version i
 * to i + 1. Append new migrations; never edit a released one.
 *
 * Chunk ids encode their document: `id = docId * CHUNK_ID_SPAN + ordinal`, so the document of any
 * full-text hit is `rowid >> 24` without a join, and a document's chunks are one rowid range.
 * That is also why `chunks` has no foreign key: `integrityCheck()` looks for orphans instead.
 */
export const CHUNK_ID_BITS = 24;
export const CHUNK_ID_SPAN = 2 ** CHUNK_ID_BITS;

/** Settings key: tombstones up to this seq were pruned; a reader cache older than that reloads. */
export const TOMBSTONES_PRUNED_THROUGH = 'tombstones_pruned_through';

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    state         TEXT    NOT NULL CHECK (state IN ('importing', 'ready', 'deleting')),
    kind          TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    mime          TEXT,
    size          INTEGER NOT NULL DEFAULT 0,
    sha256        TEXT,
    original_path TEXT,
    imported_at   INTEGER NOT NULL,
    modified_at   INTEGER,
    language      TEXT,
    metrics       TEXT    NOT NULL DEFAULT '{}',
    metadata      TEXT    NOT NULL DEFAULT '{}',
    thumbnail     TEXT,
    no_text       INTEGER NOT NULL DEFAULT 0,
    chunk_count   INTEGER NOT NULL DEFAULT 0,
    text_chars    INTEGER NOT NULL DEFAULT 0,
    seq           INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX documents_sha256 ON documents (sha256) WHERE sha256 IS NOT NULL;
  CREATE INDEX documents_seq ON documents (seq);
  CREATE INDEX documents_state_kind ON documents (state, kind);
  CREATE INDEX documents_imported ON documents (state, imported_at);

  CREATE TABLE chunks (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    cjk  TEXT
  );

  CREATE TABLE tags (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE document_tags (
    doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (doc_id, tag_id)
  ) WITHOUT ROWID;
  CREATE INDEX document_tags_tag ON document_tags (tag_id);

  CREATE TABLE notes (
    doc_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    body   TEXT NOT NULL
  );

  -- Removed documents, so reader threads can drop them from their caches (see doc-index.ts).
  CREATE TABLE tombstones (
    doc_id INTEGER PRIMARY KEY,
    seq    INTEGER NOT NULL
  );
  CREATE INDEX tombstones_seq ON tombstones (seq);

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  -- Passages' full-text index, kept in step with chunks by writer-ops.ts (not by triggers:
  -- see there). Prefix indexes make 2- to 4-character prefix queries one doclist each.
  CREATE VIRTUAL TABLE chunk_fts USING fts5(
    text, cjk, content = 'chunks', content_rowid = 'id', prefix = '2 3 4',
    tokenize = 'unicode61 remove_diacritics 2'
  );

  CREATE VIRTUAL TABLE title_fts USING fts5(
    title, cjk, prefix = '2 3 4', tokenize = 'unicode61 remove_diacritics 2'
  );
  `,
  // Libraries made while triggers kept chunk_fts in step: writer-ops.ts now does it, and with
  // both every passage would be indexed twice.
  `
  DROP TRIGGER IF EXISTS chunks_ai;
  DROP TRIGGER IF EXISTS chunks_ad;
  `,
  // One index per sort order of the library view (expressions exactly as reader-ops.ts sorts),
  // so a page deep in 100,000 documents walks an index instead of sorting the whole table.
  `
  CREATE INDEX documents_by_date ON documents (state, coalesce(modified_at, imported_at), id);
  CREATE INDEX documents_by_title ON documents (state, title COLLATE NOCASE, id);
  CREATE INDEX documents_by_size ON documents (state, size, id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

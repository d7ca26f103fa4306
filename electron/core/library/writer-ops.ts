import { AppError } from '../api/app-error';
import { cjkIndexText } from './cjk';
import type { Statement } from 'better-sqlite3';
import { BOUND_LIMIT, type Db } from './connection';
import { splitPassages } from './passages';
import { CHUNK_ID_SPAN, TOMBSTONES_PRUNED_THROUGH } from './schema';
import type { ChunkInput, CommitDocument, NewDocument } from './types';

export interface NoteWrite {
  title: string;
  body: string;
  tags?: string[];
}

export interface TagChange {
  ids: number[];
  tags: string[];
}

export interface TagChangeResult {
  /** Links made or removed. */
  changed: number;
  /** Per tag (as stored), the documents whose link changed: what an undo reverses. */
  byTag: { tag: string; ids: number[] }[];
}

const json = (value: unknown) => JSON.stringify(value ?? {});

const FTS_TABLES = ['chunk_fts', 'title_fts'] as const;
type FtsTable = (typeof FTS_TABLES)[number];

/**
 * Every write of the library, run on the writer thread. Each operation is one short transaction;
 * callers split big work (chunks, deletes) into several operations. Every changed document gets a
 * new `seq`, which is how reader threads refresh their caches.
 */
export function createWriterOps(db: Db) {
  // Counted in the file, not in this thread: a writer thread that replaces another (renewed or
  // restarted, see SqlPool) carries on from what was committed, whatever the other had counted.
  // No RETURNING clauses in the writer: one took 1.4 ms in the middle of an import, an UPDATE
  // and a SELECT 0.03 (as an upsert, this increment was a third of the writer's time).
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('seq', 0)").run();
  const incrementSeq = db.prepare(
    "UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'seq'",
  );
  const currentSeq = db
    .prepare("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'seq'")
    .pluck();
  const nextSeq = () => {
    incrementSeq.run();
    return currentSeq.get() as number;
  };
  const setSetting = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const insertDocument = db.prepare(`
    INSERT INTO documents (state, kind, title, mime, size, sha256, original_path, imported_at, modified_at, language, metadata, thumbnail, seq)
    VALUES ('importing', @kind, @title, @mime, @size, @sha256, @originalPath, @importedAt, @modifiedAt, @language, @metadata, @thumbnail, @seq)`);
  const stateOf = db.prepare('SELECT state, title FROM documents WHERE id = ?');
  // The passage index is written here rather than by triggers: a trigger's statement opens a
  // savepoint, which makes FTS5 flush every passage as its own segment (4x slower imports).
  const insertChunk = db.prepare('INSERT INTO chunks (id, text, cjk) VALUES (?, ?, ?)');
  const indexChunk = db.prepare('INSERT INTO chunk_fts (rowid, text, cjk) VALUES (?, ?, ?)');
  const unindexChunk = db.prepare(
    "INSERT INTO chunk_fts (chunk_fts, rowid, text, cjk) VALUES ('delete', ?, ?, ?)",
  );
  const addCounts = db.prepare(
    'UPDATE documents SET chunk_count = chunk_count + ?, text_chars = text_chars + ? WHERE id = ?',
  );
  const commit = db.prepare(`
    UPDATE documents SET state = 'ready', title = @title, language = @language, metrics = @metrics,
      metadata = coalesce(@metadata, metadata), thumbnail = coalesce(@thumbnail, thumbnail), no_text = @noText, seq = @seq
    WHERE id = @id`);
  const insertTitle = db.prepare('INSERT INTO title_fts (rowid, title, cjk) VALUES (?, ?, ?)');
  const deleteTitle = db.prepare('DELETE FROM title_fts WHERE rowid = ?');
  const chunksOf = db
    .prepare(`SELECT id, text, cjk FROM chunks WHERE id >= ? AND id < ? ${BOUND_LIMIT}`)
    .raw();
  const deleteChunk = db.prepare('DELETE FROM chunks WHERE id = ?');
  const deleteDocument = db.prepare('DELETE FROM documents WHERE id = ?');
  const addTombstone = db.prepare('INSERT OR REPLACE INTO tombstones (doc_id, seq) VALUES (?, ?)');
  const markDeleting = db.prepare("UPDATE documents SET state = 'deleting', seq = ? WHERE id = ?");
  const documentSha = db.prepare('SELECT sha256 FROM documents WHERE id = ?').pluck();
  const shaInUse = db.prepare('SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1').pluck();
  const ensureTag = db.prepare(
    'INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
  );
  const tagId = db.prepare('SELECT id FROM tags WHERE name = ?').pluck();
  const tagName = db.prepare('SELECT name FROM tags WHERE id = ?').pluck();
  const tagDocs = db.prepare('SELECT doc_id FROM document_tags WHERE tag_id = ?').pluck();
  const linkTag = db.prepare('INSERT OR IGNORE INTO document_tags (doc_id, tag_id) VALUES (?, ?)');
  const unlinkTag = db.prepare('DELETE FROM document_tags WHERE doc_id = ? AND tag_id = ?');
  const dropUnusedTags = db.prepare(
    'DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM document_tags WHERE tag_id = tags.id)',
  );
  const touch = db.prepare('UPDATE documents SET seq = ? WHERE id = ?');
  const docExists = db.prepare("SELECT 1 FROM documents WHERE id = ? AND state = 'ready'").pluck();
  const newestTombstone = db.prepare('SELECT max(seq) FROM tombstones').pluck();
  const pruneTombstones = db.prepare('DELETE FROM tombstones WHERE seq <= ?');
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const fts = Object.fromEntries(
    FTS_TABLES.map((table) => [
      table,
      {
        // One idx row per leaf page that starts a term: a segment's size, near enough.
        segmentSizes: db.prepare(`SELECT count(*) FROM ${table}_idx GROUP BY segid`).pluck(),
        merge: db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ?)`),
      },
    ]),
  ) as Record<FtsTable, { segmentSizes: Statement; merge: Statement }>;
  /** Full-text indexes whose segments are being merged into one, a step at a time. */
  const merging = new Set<FtsTable>();

  /**
   * Worth rewriting an index into one segment: the segments besides the largest add up to an
   * eighth of it (new text since the last merge, or the delete markers of removed passages, which
   * only vanish when merged with what they delete). The index is thus rewritten each time it grows
   * by an eighth: in all, about nine times what was written.
   */
  function mergeWanted(table: FtsTable): boolean {
    const sizes = fts[table].segmentSizes.all() as number[];
    if (sizes.length < 2) return false;
    const largest = Math.max(...sizes);
    return (sizes.reduce((a, b) => a + b, 0) - largest) * 8 >= largest;
  }

  const upsertNote = db.prepare(
    'INSERT INTO notes (doc_id, body) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET body = excluded.body',
  );

  function requireState(id: number, state: string): { title: string } {
    const row = stateOf.get(id) as { state: string; title: string } | undefined;
    if (!row) throw new AppError('not_found', `No document ${id}`);
    if (row.state !== state)
      throw new AppError('conflict', `Document ${id} is ${row.state}, not ${state}`);
    return row;
  }

  function insertChunks(id: number, chunks: ChunkInput[]): void {
    let chars = 0;
    for (const chunk of chunks) {
      if (!Number.isInteger(chunk.ordinal) || chunk.ordinal < 0 || chunk.ordinal >= CHUNK_ID_SPAN) {
        throw new AppError(
          'invalid_input',
          `chunk ordinal must be an integer from 0 to ${CHUNK_ID_SPAN - 1}, got ${chunk.ordinal}`,
        );
      }
      const { text } = chunk;
      chars += text.length;
      const rowid = id * CHUNK_ID_SPAN + chunk.ordinal;
      const cjk = cjkIndexText(text);
      try {
        insertChunk.run(rowid, text, cjk);
        indexChunk.run(rowid, text, cjk);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new AppError('conflict', `document ${id} already has a chunk ${chunk.ordinal}`);
        }
        throw error;
      }
    }
    addCounts.run(chunks.length, chars, id);
  }

  function removeChunks(id: number, maxRows: number): number {
    const rows = chunksOf.all(id * CHUNK_ID_SPAN, (id + 1) * CHUNK_ID_SPAN, maxRows) as [
      number,
      string,
      string | null,
    ][];
    for (const [rowid, text, cjk] of rows) {
      unindexChunk.run(rowid, text, cjk);
      deleteChunk.run(rowid);
    }
    return rows.length;
  }

  function tagIds(names: string[], create: boolean): number[] {
    const now = Date.now();
    return names.flatMap((name) => {
      const clean = name.trim();
      if (create) ensureTag.run(clean, now);
      const id = tagId.get(clean) as number | undefined;
      return id === undefined ? [] : [id];
    });
  }

  function changeTags(change: TagChange, tags: number[], statement: Statement): TagChangeResult {
    const s = nextSeq();
    const byTag = tags.map((tag) => ({ tag: tagName.get(tag) as string, ids: [] as number[] }));
    for (const id of change.ids) {
      tags.forEach((tag, i) => {
        if (statement.run(id, tag).changes) byTag[i]!.ids.push(id);
      });
      touch.run(s, id);
    }
    return { changed: byTag.reduce((sum, t) => sum + t.ids.length, 0), byTag };
  }

  function requireDocuments(ids: number[]): void {
    const missing = ids.filter((id) => !docExists.get(id));
    if (missing.length) throw new AppError('not_found', `No document ${missing.join(', ')}`);
  }

  function setTitle(id: number, title: string): void {
    deleteTitle.run(id);
    insertTitle.run(id, title, cjkIndexText(title));
  }

  function writeNoteBody(id: number, body: string): void {
    removeChunks(id, Number.MAX_SAFE_INTEGER);
    db.prepare('UPDATE documents SET chunk_count = 0, text_chars = 0, size = ? WHERE id = ?').run(
      Buffer.byteLength(body),
      id,
    );
    insertChunks(
      id,
      splitPassages(body).map((text, ordinal) => ({ ordinal, text })),
    );
    upsertNote.run(id, body);
  }

  function insertDocumentRow(meta: NewDocument): number {
    const info = insertDocument.run({
      kind: meta.kind,
      title: meta.title,
      mime: meta.mime ?? null,
      size: meta.size ?? 0,
      sha256: meta.sha256 ?? null,
      originalPath: meta.originalPath ?? null,
      importedAt: meta.importedAt ?? Date.now(),
      modifiedAt: meta.modifiedAt ?? null,
      language: meta.language ?? null,
      metadata: json(meta.metadata),
      thumbnail: meta.thumbnail ?? null,
      seq: nextSeq(),
    });
    return Number(info.lastInsertRowid);
  }

  function markReady(id: number, final: CommitDocument): void {
    const row = requireState(id, 'importing');
    const title = final.title?.trim() || row.title;
    commit.run({
      id,
      title,
      language: final.language ?? null,
      metrics: json(final.metrics),
      metadata: final.metadata ? json(final.metadata) : null,
      thumbnail: final.thumbnail ?? null,
      noText: final.noText ? 1 : 0,
      seq: nextSeq(),
    });
    setTitle(id, title);
    if (final.tags?.length) for (const tag of tagIds(final.tags, true)) linkTag.run(id, tag);
  }

  // Never nest db.transaction(): a SAVEPOINT makes FTS5 flush its pending terms into a new
  // segment, so nesting per document turned bulk imports into thousands of tiny segments to merge.
  const ops = {
    beginDocument(meta: NewDocument): number {
      return db.transaction(() => insertDocumentRow(meta))();
    },

    appendChunks(id: number, chunks: ChunkInput[]): number {
      db.transaction(() => {
        requireState(id, 'importing');
        insertChunks(id, chunks);
      })();
      return chunks.length;
    },

    commitDocument(id: number, final: CommitDocument): void {
      db.transaction(() => markReady(id, final))();
    },

    /** Whole small documents in one transaction (see Library.addDocuments). */
    addDocuments(
      documents: { meta: NewDocument; chunks: ChunkInput[]; final: CommitDocument }[],
    ): number[] {
      return db.transaction(() =>
        documents.map(({ meta, chunks, final }) => {
          const id = insertDocumentRow(meta);
          insertChunks(id, chunks);
          markReady(id, final);
          return id;
        }),
      )();
    },

    /** Removes up to `maxRows` chunks of a document (with their index rows); returns how many. */
    removeChunkBatch(id: number, maxRows: number): number {
      return db.transaction(() => removeChunks(id, maxRows))();
    },

    /** Hides documents from every read at once; returns those that existed with their blob hash. */
    markDeleting(ids: number[]): { id: number; sha256: string | null }[] {
      return db.transaction(() => {
        const s = nextSeq();
        return ids.flatMap((id) => {
          if (!markDeleting.run(s, id).changes) return [];
          deleteTitle.run(id);
          return [{ id, sha256: documentSha.get(id) as string | null }];
        });
      })();
    },

    removeDocumentRow(id: number): void {
      db.transaction(() => {
        removeChunks(id, Number.MAX_SAFE_INTEGER);
        deleteTitle.run(id);
        if (deleteDocument.run(id).changes) addTombstone.run(id, nextSeq());
        dropUnusedTags.run();
      })();
    },

    /** Drops every tombstone; reader caches that had not seen them all reload (doc-index.ts). */
    pruneTombstones(): void {
      db.transaction(() => {
        const through = newestTombstone.get() as number | null;
        if (through === null) return;
        setSetting.run(TOMBSTONES_PRUNED_THROUGH, String(through));
        pruneTombstones.run(through);
      })();
    },

    /**
     * One bounded step of index upkeep, run while the library is idle: drops tombstones (readers
     * that missed some reload their caches) and merges a full-text index's segments by about
     * `pages` pages. Returns whether more steps are wanted.
     */
    maintainIndex(pages: number): boolean {
      ops.pruneTombstones();
      for (const table of FTS_TABLES) {
        if (!merging.has(table) && !mergeWanted(table)) continue;
        merging.add(table);
        const before = totalChanges.get() as number;
        // Negative: merge every segment, not only those of one level (FTS5's incremental optimize).
        fts[table].merge.run(-pages);
        // FTS5's documented test: fewer than two changes means the merge found nothing to do.
        if ((totalChanges.get() as number) - before >= 2) return true;
        merging.delete(table);
      }
      return false;
    },

    unreferencedBlobs(hashes: string[]): string[] {
      return [...new Set(hashes)].filter((sha) => !shaInUse.get(sha));
    },

    createNote(note: NoteWrite): number {
      return db.transaction(() => {
        const id = insertDocumentRow({ title: note.title, kind: 'note', mime: 'text/markdown' });
        writeNoteBody(id, note.body);
        markReady(id, { tags: note.tags, metrics: textMetrics(note.body) });
        return id;
      })();
    },

    updateNote(id: number, change: { title?: string; body?: string }): void {
      db.transaction(() => {
        const row = db
          .prepare("SELECT title FROM documents WHERE id = ? AND kind = 'note' AND state = 'ready'")
          .get(id) as { title: string } | undefined;
        if (!row) throw new AppError('not_found', `No note ${id}`);
        const title = change.title?.trim() || row.title;
        if (change.body !== undefined) writeNoteBody(id, change.body);
        const metrics = change.body !== undefined ? json(textMetrics(change.body)) : null;
        db.prepare(
          'UPDATE documents SET title = ?, modified_at = ?, metrics = coalesce(?, metrics), seq = ? WHERE id = ?',
        ).run(title, Date.now(), metrics, nextSeq(), id);
        setTitle(id, title);
      })();
    },

    /** Links tags to documents; says, per tag, which documents it was newly linked to. */
    addTags(change: TagChange): TagChangeResult {
      return db.transaction(() => {
        requireDocuments(change.ids);
        return changeTags(change, tagIds(change.tags, true), linkTag);
      })();
    },

    /** Unlinks tags from documents; says, per tag, which documents had it. */
    removeTags(change: TagChange): TagChangeResult {
      return db.transaction(() => {
        requireDocuments(change.ids);
        const result = changeTags(change, tagIds(change.tags, false), unlinkTag);
        dropUnusedTags.run();
        return result;
      })();
    },

    /** Renames a tag; renaming onto an existing tag merges the two. */
    renameTag(from: string, to: string): { name: string; count: number } {
      return db.transaction(() => {
        const source = tagId.get(from.trim()) as number | undefined;
        if (source === undefined) throw new AppError('not_found', `No tag ${JSON.stringify(from)}`);
        const name = to.trim();
        const target = tagId.get(name) as number | undefined;
        const docs = tagDocs.all(source) as number[];
        if (target === undefined || target === source) {
          db.prepare('UPDATE tags SET name = ? WHERE id = ?').run(name, source);
        } else {
          for (const doc of docs) linkTag.run(doc, target);
          db.prepare('DELETE FROM tags WHERE id = ?').run(source);
        }
        const s = nextSeq();
        for (const doc of docs) touch.run(s, doc);
        const finalId = target ?? source;
        return { name, count: (tagDocs.all(finalId) as number[]).length };
      })();
    },
  };
  return ops;
}

export type WriterOps = ReturnType<typeof createWriterOps>;

export function textMetrics(text: string): {
  chars: number;
  words: number;
  readingMinutes: number;
} {
  const words = text.split(/\s+/u).filter(Boolean).length;
  return { chars: text.length, words, readingMinutes: Math.max(1, Math.round(words / 230)) };
}

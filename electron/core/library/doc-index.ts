import type { Db } from './connection';

export interface DocEntry {
  kind: string;
  ready: boolean;
  /** modified_at, else imported_at (epoch ms). */
  date: number;
  language: string | null;
  tags: number[];
}

/**
 * A reader thread's in-memory copy of what search filters and facets need about every document,
 * so a query matching 100k passages never joins 100k rows. It refreshes incrementally: when
 * `PRAGMA data_version` says another connection committed, it loads documents whose `seq` grew and
 * drops tombstoned ones. Call `refresh()` inside the read transaction of the query it serves.
 */
export class DocIndex {
  readonly docs = new Map<number, DocEntry>();
  private readonly tagIdsByName = new Map<string, number>();
  private readonly tagNamesById = new Map<number, string>();
  private dataVersion = -1;
  private seq = -1;
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      changed: db
        .prepare(
          `SELECT id, kind, state = 'ready', coalesce(modified_at, imported_at), language, seq
           FROM documents WHERE seq > ? ORDER BY seq`,
        )
        .raw(),
      tombstones: db.prepare('SELECT doc_id, seq FROM tombstones WHERE seq > ?').raw(),
      allDocTags: db.prepare('SELECT doc_id, tag_id FROM document_tags').raw(),
      docTags: db.prepare('SELECT tag_id FROM document_tags WHERE doc_id = ?').pluck(),
      tags: db.prepare('SELECT id, name FROM tags').raw(),
    };
  }

  refresh(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    const rows = this.statements.changed.all(this.seq) as [
      number,
      string,
      number,
      number,
      string | null,
      number,
    ][];
    let maxSeq = this.seq;
    for (const [id, kind, ready, date, language, seq] of rows) {
      const entry = this.docs.get(id);
      const tags = entry?.tags ?? [];
      this.docs.set(id, {
        kind,
        ready: ready === 1,
        date,
        language: language?.toLowerCase() ?? null,
        tags,
      });
      if (seq > maxSeq) maxSeq = seq;
    }
    for (const [id, seq] of this.statements.tombstones.all(this.seq) as [number, number][]) {
      this.docs.delete(id);
      if (seq > maxSeq) maxSeq = seq;
    }
    if (rows.length > 2000) {
      for (const entry of this.docs.values()) entry.tags = [];
      for (const [doc, tag] of this.statements.allDocTags.all() as [number, number][])
        this.docs.get(doc)?.tags.push(tag);
    } else {
      for (const [id] of rows)
        this.docs.get(id)!.tags = this.statements.docTags.all(id) as number[];
    }
    this.seq = maxSeq;
    this.tagIdsByName.clear();
    this.tagNamesById.clear();
    for (const [id, name] of this.statements.tags.all() as [number, string][]) {
      this.tagIdsByName.set(name.toLowerCase(), id);
      this.tagNamesById.set(id, name);
    }
  }

  /** The id of a tag by name, case-insensitively; -1 when there is no such tag. */
  tagId(name: string): number {
    return this.tagIdsByName.get(name.trim().toLowerCase()) ?? -1;
  }

  tagName(id: number): string | undefined {
    return this.tagNamesById.get(id);
  }
}

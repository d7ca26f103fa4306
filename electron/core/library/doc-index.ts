import type { Db } from './connection';
import type { QueryFilters } from './query-parser';
import { TOMBSTONES_PRUNED_THROUGH } from './schema';

/** What search filters and facets know about one document; see DocIndex.filter(). */
export type DocFilter = (id: number) => boolean;

const NO_DATE = 0;

/**
 * The tag ids of each document. Most documents have none or one: that one is kept in a typed array
 * indexed by id, so counting the tags of a thousand hits reads one number each instead of probing a
 * map (random reads that miss the CPU caches dominate facet counting).
 */
class DocTags {
  /** 0: no tag; > 0: the document's one tag; -1: several, kept in `several`. */
  private sole = new Int32Array(1024);
  private readonly several = new Map<number, number[]>();

  set(id: number, tags: readonly number[]): void {
    if (id >= this.sole.length) {
      let size = this.sole.length;
      while (size <= id) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.sole);
      this.sole = grown;
    }
    this.several.delete(id);
    if (tags.length > 1) {
      this.sole[id] = -1;
      this.several.set(id, [...tags]);
    } else this.sole[id] = tags[0] ?? 0;
  }

  clear(): void {
    this.sole.fill(0);
    this.several.clear();
  }

  has(id: number, tag: number): boolean {
    const sole = this.sole[id] ?? 0;
    return tag > 0 && (sole === tag || (sole === -1 && this.several.get(id)!.includes(tag)));
  }

  /** Adds `weight` to `totals` for each tag of document `id`. */
  count(id: number, weight: number, totals: Map<number, number>): void {
    const sole = this.sole[id] ?? 0;
    if (sole > 0) totals.set(sole, (totals.get(sole) ?? 0) + weight);
    else if (sole === -1)
      for (const tag of this.several.get(id)!) totals.set(tag, (totals.get(tag) ?? 0) + weight);
  }
}

/**
 * A reader thread's compact copy of what search filters and facets need about every ready
 * document (kind, date, language, tags), in typed arrays indexed by document id, so a query with
 * thousands of hits never joins thousands of rows. It is loaded when the thread starts and then
 * refreshed incrementally: when `PRAGMA data_version` says another connection committed, it
 * reloads documents whose `seq` grew and drops tombstoned ones. Call `refresh()` inside the read
 * transaction of the query it serves.
 */
export class DocIndex {
  /** 0: no such document or not ready; otherwise 1 + the index of its kind in `kindNames`. */
  private kinds = new Uint16Array(1024);
  private dates = new Float64Array(1024);
  /** 0: unknown; otherwise 1 + the index of the language in `languageNames`. */
  private languages = new Uint16Array(1024);
  private readonly docTags = new DocTags();
  private readonly kindNames: string[] = [];
  private readonly languageNames: string[] = [];
  private readonly tagIdsByName = new Map<string, number>();
  private readonly tagNamesById = new Map<number, string>();
  /** How many documents are ready. */
  readyCount = 0;
  /** Highest document id + 1 ever seen: the end of every scan. */
  private end = 0;
  private dataVersion = -1;
  private seq = -1;
  private readonly statements;

  constructor(db: Db) {
    // Column-wise JSON arrays: one row for 100k documents parses several times faster than 100k
    // rows crossing into JavaScript.
    const documents = (where: string) =>
      db
        .prepare(
          `SELECT json_group_array(id), json_group_array(kind), json_group_array(state = 'ready'),
             json_group_array(coalesce(modified_at, imported_at)), json_group_array(language), max(seq)
           FROM documents ${where}`,
        )
        .raw();
    this.statements = {
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      changed: documents('WHERE seq > ?'),
      all: documents('NOT INDEXED'),
      tombstones: db.prepare('SELECT doc_id, seq FROM tombstones WHERE seq > ?').raw(),
      prunedThrough: db
        .prepare(
          `SELECT CAST(value AS INTEGER) FROM settings WHERE key = '${TOMBSTONES_PRUNED_THROUGH}'`,
        )
        .pluck(),
      allDocTags: db
        .prepare('SELECT json_group_array(doc_id), json_group_array(tag_id) FROM document_tags')
        .raw(),
      docTags: db.prepare('SELECT tag_id FROM document_tags WHERE doc_id = ?').pluck(),
      tags: db.prepare('SELECT id, name FROM tags').raw(),
    };
  }

  refresh(): void {
    const version = this.statements.dataVersion.get() as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    // Tombstones this cache has not seen were pruned: start over from the documents table.
    if (
      this.seq >= 0 &&
      ((this.statements.prunedThrough.get() as number | undefined) ?? -1) > this.seq
    ) {
      this.kinds.fill(0);
      this.readyCount = 0;
      this.docTags.clear();
      this.seq = -1;
    }
    const [idsJson, kindsJson, readyJson, datesJson, languagesJson, changedSeq] = (
      this.seq < 0 ? this.statements.all.get() : this.statements.changed.get(this.seq)
    ) as [string, string, string, string, string, number | null];
    const ids = JSON.parse(idsJson) as number[];
    const kinds = JSON.parse(kindsJson) as string[];
    const ready = JSON.parse(readyJson) as number[];
    const dates = JSON.parse(datesJson) as number[];
    const languages = JSON.parse(languagesJson) as (string | null)[];
    let maxSeq = Math.max(this.seq, changedSeq ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      this.ensureCapacity(id);
      this.readyCount += (ready[i] === 1 ? 1 : 0) - (this.kinds[id] !== 0 ? 1 : 0);
      this.kinds[id] = ready[i] === 1 ? 1 + code(this.kindNames, kinds[i]!) : 0;
      this.dates[id] = dates[i] ?? NO_DATE;
      const language = languages[i];
      this.languages[id] = language ? 1 + code(this.languageNames, language.toLowerCase()) : 0;
    }
    for (const [id, seq] of this.statements.tombstones.all(this.seq) as [number, number][]) {
      if (id < this.end) {
        if (this.kinds[id] !== 0) this.readyCount--;
        this.kinds[id] = 0;
      }
      this.docTags.set(id, []);
      if (seq > maxSeq) maxSeq = seq;
    }
    if (ids.length > 2000) {
      this.docTags.clear();
      // Column-wise too (as the documents above), in whatever order SQLite reads them.
      const [docIds, tagIds] = (this.statements.allDocTags.get() as [string, string]).map(
        (json) => JSON.parse(json) as number[],
      ) as [number[], number[]];
      const byDoc = new Map<number, number[]>();
      for (let i = 0; i < docIds.length; i++) {
        const tags = byDoc.get(docIds[i]!);
        if (tags) tags.push(tagIds[i]!);
        else byDoc.set(docIds[i]!, [tagIds[i]!]);
      }
      for (const [doc, tags] of byDoc) this.docTags.set(doc, tags);
    } else {
      for (const id of ids) {
        this.docTags.set(id, this.statements.docTags.all(id) as number[]);
      }
    }
    this.seq = maxSeq;
    this.tagIdsByName.clear();
    this.tagNamesById.clear();
    for (const [id, name] of this.statements.tags.all() as [number, string][]) {
      this.tagIdsByName.set(name.toLowerCase(), id);
      this.tagNamesById.set(id, name);
    }
  }

  /** One past the highest document id: ids to scan are 1 … end - 1. */
  get size(): number {
    return this.end;
  }

  isReady(id: number): boolean {
    return id < this.end && this.kinds[id] !== 0;
  }

  dateOf(id: number): number {
    return this.dates[id]!;
  }

  /**
   * The weighted total of `items` and their weighted counts per kind and per tag name (rounded):
   * a result's facets. Counted in typed arrays, as a result may hold thousands of documents.
   */
  facets<T extends { id: number }>(
    items: readonly T[],
    weight: (item: T) => number,
  ): { total: number; types: Record<string, number>; tags: Record<string, number> } {
    const { kinds, docTags } = this;
    const byKind = new Float64Array(this.kindNames.length + 1);
    const byTag = new Map<number, number>();
    let total = 0;
    for (const item of items) {
      const w = weight(item);
      total += w;
      byKind[kinds[item.id]!]! += w;
      docTags.count(item.id, w, byTag);
    }
    const types: Record<string, number> = {};
    this.kindNames.forEach((name, i) => {
      if (byKind[i + 1]) types[name] = Math.round(byKind[i + 1]!);
    });
    const tags: Record<string, number> = {};
    for (const [tag, count] of byTag) {
      const name = this.tagNamesById.get(tag);
      if (name !== undefined) tags[name] = Math.round(count);
    }
    return { total, types, tags };
  }

  /** The predicate of a query's filters: true for a ready document that passes all of them. */
  filter(filters: QueryFilters): DocFilter {
    const { kinds, dates, languages, docTags } = this;
    const kindCodes = (names: string[]) =>
      new Set(
        names.flatMap((n) => (this.kindNames.includes(n) ? [1 + this.kindNames.indexOf(n)] : [-1])),
      );
    const types = kindCodes(filters.types);
    const notTypes = kindCodes(filters.notTypes);
    const tagId = (name: string) => this.tagIdsByName.get(name.trim().toLowerCase()) ?? -1;
    const tags = filters.tags.map(tagId);
    const notTags = filters.notTags.map(tagId);
    const langs = new Set(
      filters.languages.map((l) => {
        const index = this.languageNames.indexOf(l);
        return index < 0 ? -1 : index + 1;
      }),
    );
    const noteKind = this.kindNames.indexOf('note') + 1 || -1;
    const after = filters.after ?? -Infinity;
    const before = filters.before ?? Infinity;
    const { notes } = filters;
    const simple =
      !types.size &&
      !notTypes.size &&
      !tags.length &&
      !notTags.length &&
      !langs.size &&
      filters.after === null &&
      filters.before === null &&
      notes === null;
    if (simple) return (id) => kinds[id]! !== 0;
    const end = this.end;
    return (id) => {
      if (id >= end) return false;
      const kind = kinds[id]!;
      if (kind === 0) return false;
      if (types.size && !types.has(kind)) return false;
      if (notTypes.has(kind)) return false;
      if (langs.size && !langs.has(languages[id]!)) return false;
      const date = dates[id]!;
      if (date < after || date >= before) return false;
      if (notes !== null && (kind === noteKind) !== notes) return false;
      if (tags.length || notTags.length) {
        for (const t of tags) if (!docTags.has(id, t)) return false;
        for (const t of notTags) if (docTags.has(id, t)) return false;
      }
      return true;
    };
  }

  private ensureCapacity(id: number): void {
    if (id >= this.end) this.end = id + 1;
    if (id < this.kinds.length) return;
    let size = this.kinds.length;
    while (size <= id) size *= 2;
    const grow = <T extends Uint16Array | Float64Array>(old: T, make: (n: number) => T) => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.kinds = grow(this.kinds, (n) => new Uint16Array(n));
    this.dates = grow(this.dates, (n) => new Float64Array(n));
    this.languages = grow(this.languages, (n) => new Uint16Array(n));
  }
}

/** The index of `name` in `names`, appending it when new. */
function code(names: string[], name: string): number {
  const index = names.indexOf(name);
  if (index >= 0) return index;
  names.push(name);
  return names.length - 1;
}

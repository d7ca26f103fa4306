import type { Db } from './connection';
import type { QueryFilters } from './query-parser';
import { TOMBSTONES_PRUNED_THROUGH } from './schema';

/** What search filters and facets know about one document; see DocIndex.filter(). */
export type DocFilter = (id: number) => boolean;

const NO_DATE = 0;
/** The fewest ids the arrays span. */
const MIN_SPAN = 1024;

/** Values by document id, index 0 holding the id the array starts at. */
type IdArray = Uint16Array | Int32Array | Float64Array;

/**
 * The tag ids of each document. Most documents have none or one: that one is kept in a typed array
 * indexed by id (from DocIndex's `first`), so counting the tags of a thousand hits reads one number
 * each instead of probing a map (random reads that miss the CPU caches dominate facet counting).
 */
class DocTags {
  /** 0: no tag; > 0: the document's one tag; -1: several, kept in `several`. */
  private sole = new Int32Array(MIN_SPAN);
  private base = 0;
  private readonly several = new Map<number, number[]>();

  set(id: number, tags: readonly number[]): void {
    const at = id - this.base;
    if (at < 0 || at >= this.sole.length) return;
    this.several.delete(id);
    if (tags.length > 1) {
      this.sole[at] = -1;
      this.several.set(id, [...tags]);
    } else this.sole[at] = tags[0] ?? 0;
  }

  /** Holds `span` ids from `base` instead, keeping the tags of ids keep[0] … keep[1] - 1. */
  relayout(base: number, span: number, keep: readonly [number, number]): void {
    this.sole = relaid(this.sole, this.base, base, span, keep, (n) => new Int32Array(n));
    for (const id of this.several.keys())
      if (id < keep[0] || id >= keep[1]) this.several.delete(id);
    this.base = base;
  }

  clear(): void {
    this.sole.fill(0);
    this.several.clear();
  }

  has(id: number, tag: number): boolean {
    const sole = this.sole[id - this.base] ?? 0;
    return tag > 0 && (sole === tag || (sole === -1 && this.several.get(id)!.includes(tag)));
  }

  /** Adds `weight` to `totals` for each tag of document `id`. */
  count(id: number, weight: number, totals: Map<number, number>): void {
    const sole = this.sole[id - this.base] ?? 0;
    if (sole > 0) totals.set(sole, (totals.get(sole) ?? 0) + weight);
    else if (sole === -1)
      for (const tag of this.several.get(id)!) totals.set(tag, (totals.get(tag) ?? 0) + weight);
  }
}

/**
 * A reader thread's compact copy of what search filters and facets need about every ready
 * document (kind, date, language, tags), in typed arrays indexed by document id, so a query with
 * thousands of hits never joins thousands of rows. The arrays span the ids from the lowest ready
 * document to the highest, not every id the library ever gave: ids only grow, and a library whose
 * documents come and go (a 500-file import deleted every 10 s in the soak) would otherwise hold
 * 16 bytes and a scan step for each id it ever used. It is loaded when the thread starts and then
 * refreshed incrementally: when `PRAGMA data_version` says another connection committed, it
 * reloads documents whose `seq` grew and drops tombstoned ones. Call `refresh()` inside the read
 * transaction of the query it serves.
 */
export class DocIndex {
  /** 0: no such document or not ready; otherwise 1 + the index of its kind in `kindNames`. */
  private kinds = new Uint16Array(MIN_SPAN);
  private dates = new Float64Array(MIN_SPAN);
  /** 0: unknown; otherwise 1 + the index of the language in `languageNames`. */
  private languages = new Uint16Array(MIN_SPAN);
  /** The id at index 0 of the arrays. */
  private base = 0;
  private readonly docTags = new DocTags();
  private readonly kindNames: string[] = [];
  private readonly languageNames: string[] = [];
  private readonly tagIdsByName = new Map<string, number>();
  private readonly tagNamesById = new Map<number, string>();
  /** How many documents are ready. */
  readyCount = 0;
  /** One past the highest id held: the end of every scan. */
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
      this.relayout(0, 0);
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
    if (ids.length) {
      let low = ids[0]!;
      let high = low;
      for (const id of ids) {
        if (id < low) low = id;
        else if (id > high) high = id;
      }
      this.cover(low, high + 1);
    }
    const base = this.base;
    for (let i = 0; i < ids.length; i++) {
      const at = ids[i]! - base;
      this.readyCount += (ready[i] === 1 ? 1 : 0) - (this.kinds[at] !== 0 ? 1 : 0);
      this.kinds[at] = ready[i] === 1 ? 1 + code(this.kindNames, kinds[i]!) : 0;
      this.dates[at] = dates[i] ?? NO_DATE;
      const language = languages[i];
      this.languages[at] = language ? 1 + code(this.languageNames, language.toLowerCase()) : 0;
    }
    for (const [id, seq] of this.statements.tombstones.all(this.seq) as [number, number][]) {
      if (this.isReady(id)) {
        this.readyCount--;
        this.kinds[id - base] = 0;
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
    this.shrinkToReady();
    this.tagIdsByName.clear();
    this.tagNamesById.clear();
    for (const [id, name] of this.statements.tags.all() as [number, string][]) {
      this.tagIdsByName.set(name.toLowerCase(), id);
      this.tagNamesById.set(id, name);
    }
  }

  /** The lowest id that may be ready: ids to scan are first … size - 1. */
  get first(): number {
    return this.base;
  }

  /** One past the highest id that may be ready. */
  get size(): number {
    return this.end;
  }

  isReady(id: number): boolean {
    return id >= this.base && id < this.end && this.kinds[id - this.base] !== 0;
  }

  dateOf(id: number): number {
    return this.dates[id - this.base]!;
  }

  /**
   * The weighted total of `items` and their weighted counts per kind and per tag name (rounded):
   * a result's facets. Counted in typed arrays, as a result may hold thousands of documents.
   */
  facets<T extends { id: number }>(
    items: readonly T[],
    weight: (item: T) => number,
  ): { total: number; types: Record<string, number>; tags: Record<string, number> } {
    const { kinds, docTags, base } = this;
    const byKind = new Float64Array(this.kindNames.length + 1);
    const byTag = new Map<number, number>();
    let total = 0;
    for (const item of items) {
      const w = weight(item);
      total += w;
      byKind[kinds[item.id - base]!]! += w;
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
    const { kinds, dates, languages, docTags, base } = this;
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
    // An id outside the arrays reads undefined: not ready.
    if (simple) return (id) => (kinds[id - base] ?? 0) !== 0;
    return (id) => {
      const at = id - base;
      const kind = kinds[at] ?? 0;
      if (kind === 0) return false;
      if (types.size && !types.has(kind)) return false;
      if (notTypes.has(kind)) return false;
      if (langs.size && !langs.has(languages[at]!)) return false;
      const date = dates[at]!;
      if (date < after || date >= before) return false;
      if (notes !== null && (kind === noteKind) !== notes) return false;
      if (tags.length || notTags.length) {
        for (const t of tags) if (!docTags.has(id, t)) return false;
        for (const t of notTags) if (docTags.has(id, t)) return false;
      }
      return true;
    };
  }

  /** Widens the arrays to hold ids first … end - 1 besides those they hold. */
  private cover(first: number, end: number): void {
    const empty = this.end <= this.base;
    const from = empty ? first : Math.min(this.base, first);
    const to = empty ? end : Math.max(this.end, end);
    if (!empty && from === this.base && to - from <= this.kinds.length) this.end = to;
    else this.relayout(from, to);
  }

  /**
   * Narrows the arrays to the ready documents when there are none, when they span at most a
   * quarter of the arrays, or when they start past the arrays' first half (the documents at the
   * low end were deleted).
   */
  private shrinkToReady(): void {
    const { kinds, base } = this;
    if (this.readyCount === 0) {
      if (this.end > base) this.relayout(this.end, this.end);
      return;
    }
    let first = base;
    let end = this.end;
    while (kinds[first - base] === 0) first++;
    while (kinds[end - 1 - base] === 0) end--;
    const span = kinds.length;
    if ((span > MIN_SPAN && (end - first) * 4 <= span) || (first - base) * 2 > span)
      this.relayout(first, end);
  }

  /** New arrays for ids first … end - 1 (with room to grow), keeping what is known of them. */
  private relayout(first: number, end: number): void {
    let span = MIN_SPAN;
    while (span < end - first) span *= 2;
    const keep = [Math.max(first, this.base), Math.min(end, this.end)] as const;
    const move = <T extends IdArray>(old: T, make: (n: number) => T) =>
      relaid(old, this.base, first, span, keep, make);
    this.kinds = move(this.kinds, (n) => new Uint16Array(n));
    this.dates = move(this.dates, (n) => new Float64Array(n));
    this.languages = move(this.languages, (n) => new Uint16Array(n));
    this.docTags.relayout(first, span, keep);
    this.base = first;
    this.end = end;
  }
}

/**
 * A new array of `span` values for the ids from `base`, with those of ids keep[0] … keep[1] - 1
 * copied from `old` (whose index 0 is id `oldBase`).
 */
function relaid<T extends IdArray>(
  old: T,
  oldBase: number,
  base: number,
  span: number,
  keep: readonly [number, number],
  make: (n: number) => T,
): T {
  const next = make(span);
  if (keep[1] > keep[0])
    next.set(old.subarray(keep[0] - oldBase, keep[1] - oldBase), keep[0] - base);
  return next;
}

/** The index of `name` in `names`, appending it when new. */
function code(names: string[], name: string): number {
  const index = names.indexOf(name);
  if (index >= 0) return index;
  names.push(name);
  return names.length - 1;
}

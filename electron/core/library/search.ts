import type { SearchFilters, SearchHit, SearchResult } from '../../../shared/channels/library';
import type { Db } from './connection';
import { decodeCursor, encodeCursor } from './cursor';
import type { DocFilter, DocIndex } from './doc-index';
import { cjkNeedles, groupsExpression } from './fts-expression';
import {
  emptyFilters,
  hasPositiveTerms,
  parseDate,
  parseQuery,
  type ParsedQuery,
  type QueryFilters,
} from './query-parser';
import { CHUNK_ID_SPAN } from './schema';
import { aroundNeedles, clip, fromMarked, type Snippet } from './snippet';
import { topK } from './top-k';

export interface SearchRequest {
  query: string;
  limit: number;
  cursor?: string;
  filters?: SearchFilters;
}

/** A title match weighs this much more than the same BM25 in a passage. */
const TITLE_BOOST = 3;
const SNIPPET_TOKENS = 24;
/**
 * Most passages ranked by BM25 for one query. A query matching more ranks its newest matching
 * passages (FTS5 walks them in rowid order and scores only those) plus every title match, and
 * estimates its total and facets: the first page stays fast however common the words are.
 */
export const RANKED_PASSAGES = 2000;
/** With selective filters the sample grows so that about RANKED_PASSAGES pass, up to this. */
const MAX_RANKED_PASSAGES = 20_000;

interface Match {
  score: number;
  /** The best passage's rowid, or -1 when only the title matched (or nothing was searched). */
  chunk: number;
}

interface Candidate extends Match {
  id: number;
}

interface Matches {
  found: Map<number, Match>;
  /** False when only the passages of documents with id >= `from` were ranked. */
  complete: boolean;
  from: number;
}

function mergeFilters(into: QueryFilters, extra: SearchFilters | undefined): void {
  if (!extra) return;
  into.types.push(...(extra.types ?? []).map((t) => t.toLowerCase()));
  into.tags.push(...(extra.tags ?? []));
  into.languages.push(...(extra.languages ?? []).map((l) => l.toLowerCase()));
  if (extra.after) into.after = Math.max(into.after ?? -Infinity, parseDate(extra.after, 'after'));
  if (extra.before)
    into.before = Math.min(into.before ?? Infinity, parseDate(extra.before, 'before'));
}

function hasFilters(filters: QueryFilters): boolean {
  return Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null));
}

export function createSearch(db: Db, index: DocIndex) {
  const bodySample = db
    .prepare(
      `SELECT json_group_array(rowid), json_group_array(rank) FROM (
         SELECT rowid, rank FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`,
    )
    .raw();
  const titleMatches = db
    .prepare('SELECT rowid, rank FROM title_fts WHERE title_fts MATCH ?')
    .raw();
  const bodyIdsBetween = db
    .prepare(
      `SELECT json_group_array(rowid) FROM (
         SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ? AND rowid >= ? AND rowid < ?)`,
    )
    .pluck();
  const titleIds = db.prepare('SELECT rowid FROM title_fts WHERE title_fts MATCH ?').pluck();
  const snippet = db
    .prepare(
      `SELECT snippet(chunk_fts, 0, char(1), char(2), '…', ${SNIPPET_TOKENS}) FROM chunk_fts WHERE chunk_fts MATCH ? AND rowid = ?`,
    )
    .pluck();
  const chunkText = db.prepare('SELECT text FROM chunks WHERE id = ?').pluck();
  const firstChunk = db
    .prepare('SELECT substr(text, 1, 400) FROM chunks WHERE id >= ? AND id < ? ORDER BY id LIMIT 1')
    .pluck();
  const pageRows = db
    .prepare(
      `SELECT id, title, kind, original_path, size, modified_at FROM documents
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .raw();

  /**
   * The best passage per document among the newest `limit` matching passages. The matches come
   * back as two JSON arrays in one row, much cheaper than thousands of rows crossing into JS.
   */
  function scoreBody(expression: string, limit: number, into: Map<number, Match>): number {
    const [rowidsJson, ranksJson] = bodySample.get(expression, limit + 1) as [string, string];
    const rowids = JSON.parse(rowidsJson) as number[];
    const ranks = JSON.parse(ranksJson) as number[];
    const ranked = Math.min(rowids.length, limit);
    for (let i = 0; i < ranked; i++) {
      const rowid = rowids[i]!;
      const score = -ranks[i]!;
      const id = Math.floor(rowid / CHUNK_ID_SPAN);
      const best = into.get(id);
      if (!best) into.set(id, { score, chunk: rowid });
      else if (score > best.score) {
        best.score = score;
        best.chunk = rowid;
      }
    }
    return rowids.length > limit ? Math.floor(rowids[limit - 1]! / CHUNK_ID_SPAN) : 0;
  }

  function titleScores(expression: string): Map<number, number> {
    const scores = new Map<number, number>();
    for (const [rowid, rank] of titleMatches.all(expression) as [number, number][])
      scores.set(rowid, -rank * TITLE_BOOST);
    return scores;
  }

  /** Documents with ids in [from, to] that an excluded term matches. */
  function excluded(query: ParsedQuery, from: number, to: number): Set<number> {
    const ids = new Set<number>();
    if (!query.not.length || to < from) return ids;
    const groups = [query.not];
    const body = groupsExpression(groups, 'text');
    const title = groupsExpression(groups, 'title');
    if (body) {
      const rowids = JSON.parse(
        bodyIdsBetween.get(body, from * CHUNK_ID_SPAN, (to + 1) * CHUNK_ID_SPAN) as string,
      ) as number[];
      for (const rowid of rowids) ids.add(Math.floor(rowid / CHUNK_ID_SPAN));
    }
    if (title) for (const rowid of titleIds.all(title) as number[]) ids.add(rowid);
    return ids;
  }

  /** Documents the positive terms match with their scores, or null for "every document". */
  function matches(query: ParsedQuery, limit: number): Matches | null {
    if (!hasPositiveTerms(query)) return null;
    let found = new Map<number, Match>();
    let from = 0;
    const body = groupsExpression(query.must, 'text');
    if (body) {
      from = scoreBody(body, limit, found);
      const titles = titleScores(groupsExpression(query.must, 'title')!);
      for (const [id, score] of titles) {
        const hit = found.get(id);
        if (hit) hit.score += score;
        else found.set(id, { score, chunk: -1 });
      }
    }
    const titleOnly = groupsExpression(
      query.title.map((t) => [t]),
      'title',
    );
    if (titleOnly) {
      const titles = titleScores(titleOnly);
      if (!body) for (const [id, score] of titles) found.set(id, { score, chunk: -1 });
      else {
        const kept = new Map<number, Match>();
        for (const [id, hit] of found) {
          const score = titles.get(id);
          if (score !== undefined) kept.set(id, { score: hit.score + score, chunk: hit.chunk });
        }
        found = kept;
      }
    }
    return { found, complete: from === 0, from };
  }

  /** How many ready documents pass `keep`, in all and among ids >= `from`. */
  function countPassing(keep: DocFilter, from: number): { all: number; from: number } {
    let all = 0;
    let above = 0;
    for (let id = 1, end = index.size; id < end; id++) {
      if (!keep(id)) continue;
      all++;
      if (id >= from) above++;
    }
    return { all, from: above };
  }

  function snippetFor(candidate: Candidate, body: string | null, needles: string[]): Snippet {
    if (candidate.chunk >= 0 && body) {
      const marked = snippet.get(body, candidate.chunk) as string | undefined;
      if (marked !== undefined && marked.includes('\u0001')) return fromMarked(marked);
      if (needles.length)
        return aroundNeedles((chunkText.get(candidate.chunk) as string) ?? '', needles);
      if (marked !== undefined) return fromMarked(marked);
    }
    const text =
      (firstChunk.get(candidate.id * CHUNK_ID_SPAN, (candidate.id + 1) * CHUNK_ID_SPAN) as
        string | undefined) ?? '';
    return needles.length
      ? aroundNeedles(text, needles)
      : clip({ snippet: text, highlights: [] }, 240);
  }

  function run(request: SearchRequest): SearchResult {
    const started = performance.now();
    const query = parseQuery(request.query);
    mergeFilters(query.filters, request.filters);
    const offset = request.cursor ? decodeCursor(request.cursor) : 0;
    index.refresh();

    const filtered = hasFilters(query.filters);
    if (!hasPositiveTerms(query) && !filtered && !query.not.length) {
      return {
        query: request.query,
        total: 0,
        hits: [],
        facets: { types: {}, tags: {} },
        nextCursor: null,
        tookMs: 0,
        approximate: false,
      };
    }
    const keep = index.filter(query.filters);
    let limit = RANKED_PASSAGES;
    if (filtered) {
      // Rank enough passages that about RANKED_PASSAGES of them survive the filters.
      const passing = countPassing(keep, 0).all;
      const ready = countPassing(index.filter(emptyFilters()), 0).all;
      limit = Math.min(MAX_RANKED_PASSAGES, Math.ceil((RANKED_PASSAGES * ready) / Math.max(1, passing)));
    }
    const matched = matches(query, limit);

    const candidates: Candidate[] = [];
    if (matched) {
      let low = Infinity;
      let high = -Infinity;
      for (const id of matched.found.keys()) {
        if (id < low) low = id;
        if (id > high) high = id;
      }
      const exclude = excluded(query, low, high);
      for (const [id, hit] of matched.found)
        if (keep(id) && !exclude.has(id)) candidates.push({ id, score: hit.score, chunk: hit.chunk });
    } else {
      const exclude = excluded(query, 1, index.size);
      for (let id = 1, end = index.size; id < end; id++)
        if (keep(id) && !exclude.has(id)) candidates.push({ id, score: 0, chunk: -1 });
    }

    // Beyond the ranked sample, documents ranked for their passages stand for their share of the
    // library (by id range); title-only matches are counted as they are.
    const complete = matched?.complete ?? true;
    let scale = 1;
    if (!complete) {
      const passing = countPassing(keep, matched!.from);
      scale = passing.all / Math.max(1, passing.from);
    }
    let total = 0;
    const types: Record<string, number> = {};
    const tagCounts = new Map<number, number>();
    for (const { id, chunk } of candidates) {
      const weight = chunk >= 0 ? scale : 1;
      total += weight;
      const kind = index.kindOf(id);
      types[kind] = (types[kind] ?? 0) + weight;
      for (const tag of index.tagsOf(id)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + weight);
    }
    for (const kind of Object.keys(types)) types[kind] = Math.round(types[kind]!);
    const tags: Record<string, number> = {};
    for (const [tag, count] of tagCounts) {
      const name = index.tagName(tag);
      if (name !== undefined) tags[name] = Math.round(count);
    }

    const page = topK(
      candidates,
      offset + request.limit,
      (a, b) => b.score - a.score || index.dateOf(b.id) - index.dateOf(a.id) || b.id - a.id,
    ).slice(offset);
    const rows = new Map<number, unknown[]>();
    for (const row of pageRows.all(JSON.stringify(page.map((c) => c.id))) as unknown[][])
      rows.set(row[0] as number, row);
    const body = groupsExpression(query.must, 'text');
    const needles = cjkNeedles(query.must);
    const hits: SearchHit[] = page.flatMap((candidate) => {
      const row = rows.get(candidate.id);
      if (!row) return [];
      const [id, title, kind, path, size, modifiedAt] = row as [
        number,
        string,
        string,
        string | null,
        number,
        number | null,
      ];
      return [
        {
          id,
          title,
          type: kind,
          path,
          score: candidate.score,
          size,
          modifiedAt,
          ...snippetFor(candidate, body, needles),
        },
      ];
    });
    const next = offset + page.length;
    return {
      query: request.query,
      total: Math.max(candidates.length, Math.round(total)),
      hits,
      facets: { types, tags },
      nextCursor: next < candidates.length ? encodeCursor(next) : null,
      tookMs: performance.now() - started,
      approximate: !complete,
    };
  }

  return (request: SearchRequest): SearchResult => db.transaction(() => run(request))();
}

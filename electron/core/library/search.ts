import type { SearchFilters, SearchHit, SearchResult } from '../../../shared/channels/library';
import type { Db } from './connection';
import { decodeCursor, encodeCursor } from './cursor';
import type { DocEntry, DocIndex } from './doc-index';
import { cjkNeedles, groupsExpression } from './fts-expression';
import {
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

interface Candidate {
  id: number;
  score: number;
  /** The best passage's rowid, or -1 when only the title matched (or nothing was searched). */
  chunk: number;
  entry: DocEntry;
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

/** Builds the predicate of a query's filters over the reader's document cache. */
function filterPredicate(filters: QueryFilters, index: DocIndex): (entry: DocEntry) => boolean {
  const types = new Set(filters.types);
  const notTypes = new Set(filters.notTypes);
  const tags = filters.tags.map((t) => index.tagId(t));
  const notTags = filters.notTags.map((t) => index.tagId(t));
  const languages = new Set(filters.languages);
  const { after, before, notes } = filters;
  return (e) =>
    e.ready &&
    (types.size === 0 || types.has(e.kind)) &&
    !notTypes.has(e.kind) &&
    tags.every((t) => e.tags.includes(t)) &&
    !notTags.some((t) => e.tags.includes(t)) &&
    (languages.size === 0 || (e.language !== null && languages.has(e.language))) &&
    (after === null || e.date >= after) &&
    (before === null || e.date < before) &&
    (notes === null || (e.kind === 'note') === notes);
}

export function createSearch(db: Db, index: DocIndex) {
  const bodyMatches = db
    .prepare(
      `SELECT json_group_array(rowid), json_group_array(rank)
       FROM (SELECT rowid, rank FROM chunk_fts WHERE chunk_fts MATCH ?)`,
    )
    .raw();
  const titleMatches = db
    .prepare('SELECT rowid, rank FROM title_fts WHERE title_fts MATCH ?')
    .raw();
  const bodyIds = db.prepare('SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ?').pluck();
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
   * Best passage per document. The matches come back as two JSON arrays in one row: for a common
   * word (100k passages) that is much cheaper than 100k rows crossing into JavaScript.
   */
  function scoreBody(
    expression: string,
    into: Map<number, { score: number; chunk: number }>,
  ): void {
    const [rowidsJson, ranksJson] = bodyMatches.get(expression) as [string, string];
    const rowids = JSON.parse(rowidsJson) as number[];
    const ranks = JSON.parse(ranksJson) as number[];
    for (let i = 0; i < rowids.length; i++) {
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
  }

  function titleScores(expression: string): Map<number, number> {
    const scores = new Map<number, number>();
    for (const [rowid, rank] of titleMatches.all(expression) as [number, number][])
      scores.set(rowid, -rank * TITLE_BOOST);
    return scores;
  }

  function excluded(query: ParsedQuery): Set<number> {
    const ids = new Set<number>();
    if (!query.not.length) return ids;
    const groups = [query.not];
    const body = groupsExpression(groups, 'text');
    const title = groupsExpression(groups, 'title');
    if (body)
      for (const rowid of bodyIds.all(body) as number[]) ids.add(Math.floor(rowid / CHUNK_ID_SPAN));
    if (title) for (const rowid of titleIds.all(title) as number[]) ids.add(rowid);
    return ids;
  }

  /** Scores of the documents the positive terms match, or null for "every document". */
  function matches(query: ParsedQuery): Map<number, { score: number; chunk: number }> | null {
    if (!hasPositiveTerms(query)) return null;
    let found = new Map<number, { score: number; chunk: number }>();
    const body = groupsExpression(query.must, 'text');
    if (body) {
      scoreBody(body, found);
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
        const kept = new Map<number, { score: number; chunk: number }>();
        for (const [id, hit] of found) {
          const score = titles.get(id);
          if (score !== undefined) kept.set(id, { score: hit.score + score, chunk: hit.chunk });
        }
        found = kept;
      }
    }
    return found;
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

    const found = matches(query);
    const hasFilters = Object.values(query.filters).some((v) =>
      Array.isArray(v) ? v.length > 0 : v !== null,
    );
    if (!found && !hasFilters && !query.not.length) {
      return {
        query: request.query,
        total: 0,
        hits: [],
        facets: { types: {}, tags: {} },
        nextCursor: null,
        tookMs: 0,
      };
    }
    const keep = filterPredicate(query.filters, index);
    const exclude = excluded(query);
    const candidates: Candidate[] = [];
    const add = (id: number, score: number, chunk: number) => {
      const entry = index.docs.get(id);
      if (entry && keep(entry) && !exclude.has(id)) candidates.push({ id, score, chunk, entry });
    };
    if (found) for (const [id, hit] of found) add(id, hit.score, hit.chunk);
    else for (const id of index.docs.keys()) add(id, 0, -1);

    const types: Record<string, number> = {};
    const tagCounts = new Map<number, number>();
    for (const { entry } of candidates) {
      types[entry.kind] = (types[entry.kind] ?? 0) + 1;
      for (const tag of entry.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    }
    const tags: Record<string, number> = {};
    for (const [tag, count] of tagCounts) {
      const name = index.tagName(tag);
      if (name !== undefined) tags[name] = count;
    }

    const page = topK(
      candidates,
      offset + request.limit,
      (a, b) => b.score - a.score || b.entry.date - a.entry.date || b.id - a.id,
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
      total: candidates.length,
      hits,
      facets: { types, tags },
      nextCursor: next < candidates.length ? encodeCursor(next) : null,
      tookMs: performance.now() - started,
    };
  }

  return (request: SearchRequest): SearchResult => db.transaction(() => run(request))();
}

import type { SearchFilters, SearchHit, SearchResult } from '../../../shared/channels/library';
import { BOUND_LIMIT, type Db } from './connection';
import { decodeCursor, encodeCursor } from './cursor';
import type { DocFilter, DocIndex } from './doc-index';
import { groupsExpression, phraseWords, snippetNeedles } from './fts-expression';
import {
  hasPositiveTerms,
  parseDate,
  parseQuery,
  type ParsedQuery,
  type QueryFilters,
  type Term,
} from './query-parser';
import { CHUNK_ID_SPAN } from './schema';
import { aroundNeedles, type Needle, type Snippet } from './snippet';
import { topK } from './top-k';

export interface SearchRequest {
  query: string;
  limit: number;
  cursor?: string;
  filters?: SearchFilters;
}

/** A title match weighs this much more than the same BM25 in a passage. */
const TITLE_BOOST = 3;
/**
 * Most passages ranked by BM25 for one query. A query matching more ranks its newest matching
 * passages (FTS5 walks them in rowid order and scores only those) plus its title matches from the
 * whole library, and estimates its total and facets (`approximate`): the first page stays fast
 * however common the words are.
 */
export const RANKED_PASSAGES = 1500;
/** A phrase whose words all match more passages than this is not ranked by BM25. */
const COMMON_PHRASE_WORD = 2000;
/** Most title matches ranked for one query, the newest first. */
const RANKED_TITLES = 1000;
/** With selective filters the sample grows so that about RANKED_PASSAGES pass, up to this. */
const MAX_RANKED_PASSAGES = 6000;

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
  /** False when not every match was ranked: only passages of documents with id >= `from`. */
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

type FtsTable = 'chunk_fts' | 'title_fts';

/**
 * BM25 of a row of an FTS5 table, higher is better: skr_bm25 where the connection has the ranking
 * extension, else FTS5's own bm25() (the table's default rank): the same scores, the extension's
 * faster. The extension is given the MATCH expression to remember its phrases' match counts.
 */
function bm25(table: FtsTable, fastBm25: boolean): string {
  return fastBm25 ? `-skr_bm25(${table}, '${table}_docsize', @expression)` : '-rank';
}

/**
 * The newest `limit` rows an expression matches in an FTS5 table, each with `score` (an SQL
 * expression), as rowid, score pairs in one array. With the ranking extension they come as one
 * blob of doubles (skr_pairs); without it as JSON arrays, much slower to print and parse.
 */
function newestRows(db: Db, table: FtsTable, score: string, fastBm25: boolean) {
  const rows = `SELECT rowid, ${score} AS score FROM ${table}
    WHERE ${table} MATCH @expression ORDER BY rowid DESC ${BOUND_LIMIT}`;
  if (fastBm25) {
    const pairs = db.prepare(`SELECT skr_pairs(rowid, score) FROM (${rows})`).pluck();
    return (expression: string, limit: number): Float64Array => {
      const blob = pairs.get(limit, { expression }) as Buffer;
      // A large blob is a buffer of its own, aligned: viewed in place, not copied once more.
      return blob.byteOffset % Float64Array.BYTES_PER_ELEMENT === 0
        ? new Float64Array(
            blob.buffer,
            blob.byteOffset,
            blob.length / Float64Array.BYTES_PER_ELEMENT,
          )
        : new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length));
    };
  }
  const arrays = db
    .prepare(`SELECT json_group_array(rowid), json_group_array(score) FROM (${rows})`)
    .raw();
  return (expression: string, limit: number): Float64Array => {
    const [rowids, scores] = (arrays.get(limit, { expression }) as [string, string]).map(
      (json) => JSON.parse(json) as number[],
    ) as [number[], number[]];
    return Float64Array.from(rowids.flatMap((rowid, i) => [rowid, scores[i]!]));
  };
}

export function createSearch(db: Db, index: DocIndex, fastBm25: boolean) {
  const newestPassages = newestRows(db, 'chunk_fts', '0', fastBm25);
  const rankedPassages = newestRows(db, 'chunk_fts', bm25('chunk_fts', fastBm25), fastBm25);
  const rankedTitles = newestRows(db, 'title_fts', bm25('title_fts', fastBm25), fastBm25);
  const bodyIdsBetween = db
    .prepare(
      `SELECT json_group_array(rowid) FROM (
         SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ?
           AND rowid >= CAST(? AS INTEGER) AND rowid < CAST(? AS INTEGER))`,
    )
    .pluck();
  const countUpTo = db
    .prepare(
      `SELECT count(*) FROM (SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ? ${BOUND_LIMIT})`,
    )
    .pluck();
  const titleIds = db.prepare('SELECT rowid FROM title_fts WHERE title_fts MATCH ?').pluck();
  const chunkText = db.prepare('SELECT text FROM chunks WHERE id = ?').pluck();
  const firstChunk = db
    .prepare('SELECT text FROM chunks WHERE id >= ? AND id < ? ORDER BY id LIMIT 1')
    .pluck();
  const pageRows = db
    .prepare(
      `SELECT id, title, kind, original_path, size, modified_at FROM documents
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .raw();

  /**
   * Whether BM25 is affordable for these terms. FTS5 computes each phrase's IDF by walking all
   * its matches, whatever LIMIT says: 6 ms for a word in every passage, and for a phrase whose
   * words are all common a position check of every passage holding them (50+ ms), however few
   * passages hold the phrase itself.
   */
  function phrasesAffordable(groups: Term[][]): boolean {
    return groups.every((group) =>
      group.every((term) => {
        const words = phraseWords(term);
        if (words.length < 2) return true;
        return words.some(
          (word) => (countUpTo.get(word, COMMON_PHRASE_WORD + 1) as number) <= COMMON_PHRASE_WORD,
        );
      }),
    );
  }

  /**
   * The best passage per document among the newest `limit` matching passages (FTS5 walks them in
   * rowid order and scores only those); returns the lowest document id whose passages were all
   * seen, 0 when every match was. Phrases of common words only are not scored (see
   * phrasesAffordable). Matches come back in one row (see newestRows), much cheaper than
   * thousands of rows crossing into JavaScript.
   */
  function scoreBody(
    groups: Term[][],
    expression: string,
    limit: number,
    into: Map<number, Match>,
  ): number {
    const newest = phrasesAffordable(groups) ? rankedPassages : newestPassages;
    const pairs = newest(expression, limit + 1);
    const matched = pairs.length / 2;
    for (let i = 0; i < Math.min(matched, limit); i++) {
      const rowid = pairs[2 * i]!;
      const score = pairs[2 * i + 1]!;
      const id = Math.floor(rowid / CHUNK_ID_SPAN);
      const best = into.get(id);
      if (!best) into.set(id, { score, chunk: rowid });
      else if (score > best.score) {
        best.score = score;
        best.chunk = rowid;
      }
    }
    return matched > limit ? Math.floor(pairs[2 * (limit - 1)]! / CHUNK_ID_SPAN) : 0;
  }

  /** Boosted BM25 of the newest RANKED_TITLES title matches; `complete` when that was all. */
  function titleScores(expression: string): { scores: Map<number, number>; complete: boolean } {
    const scores = new Map<number, number>();
    const pairs = rankedTitles(expression, RANKED_TITLES + 1);
    const matched = pairs.length / 2;
    for (let i = 0; i < Math.min(matched, RANKED_TITLES); i++)
      scores.set(pairs[2 * i]!, pairs[2 * i + 1]! * TITLE_BOOST);
    return { scores, complete: matched <= RANKED_TITLES };
  }

  /** Documents with ids in [from, to] that an excluded term matches. */
  function excluded(query: ParsedQuery, from: number, to: number): Set<number> {
    const ids = new Set<number>();
    if (!query.not.length || to < from) return ids;
    const expression = groupsExpression([query.not]);
    if (!expression) return ids;
    const rowids = JSON.parse(
      bodyIdsBetween.get(expression, from * CHUNK_ID_SPAN, (to + 1) * CHUNK_ID_SPAN) as string,
    ) as number[];
    for (const rowid of rowids) ids.add(Math.floor(rowid / CHUNK_ID_SPAN));
    for (const rowid of titleIds.all(expression) as number[]) ids.add(rowid);
    return ids;
  }

  /** Documents the positive terms match with their scores, or null for "every document". */
  function matches(query: ParsedQuery, limit: number): Matches | null {
    if (!hasPositiveTerms(query)) return null;
    let found = new Map<number, Match>();
    let from = 0;
    let complete = true;
    const body = groupsExpression(query.must);
    if (body) {
      from = scoreBody(query.must, body, limit, found);
      const titles = titleScores(body);
      complete = from === 0 && titles.complete;
      for (const [id, score] of titles.scores) {
        const hit = found.get(id);
        if (hit) hit.score += score;
        else found.set(id, { score, chunk: -1 });
      }
    }
    const titleOnly = groupsExpression(query.title.map((t) => [t]));
    if (titleOnly) {
      const titles = titleScores(titleOnly);
      complete &&= titles.complete;
      if (!body) for (const [id, score] of titles.scores) found.set(id, { score, chunk: -1 });
      else {
        const kept = new Map<number, Match>();
        for (const [id, hit] of found) {
          const score = titles.scores.get(id);
          if (score !== undefined) kept.set(id, { score: hit.score + score, chunk: hit.chunk });
        }
        found = kept;
      }
    }
    return { found, complete, from };
  }

  /** The share of ready documents that pass `keep`, from an even sample of about 4,000 ids. */
  function passingShare(keep: DocFilter): number {
    const end = index.size;
    const step = Math.max(1, Math.floor((end - index.first) / 4096));
    let ready = 0;
    let passing = 0;
    for (let id = index.first; id < end; id += step) {
      if (!index.isReady(id)) continue;
      ready++;
      if (keep(id)) passing++;
    }
    return ready ? passing / ready : 0;
  }

  /**
   * How many documents in the whole library stand for each one passing `keep` with id >= `from`:
   * counted exactly in that range, estimated below it from the share that passes.
   */
  function scaleFrom(keep: DocFilter, from: number, share: number): number {
    let ready = 0;
    let passing = 0;
    for (let id = Math.max(from, index.first), end = index.size; id < end; id++) {
      if (!index.isReady(id)) continue;
      ready++;
      if (keep(id)) passing++;
    }
    return passing ? (passing + share * (index.readyCount - ready)) / passing : 1;
  }

  /**
   * The hit's best passage (else its first) around the first query word, highlighted in
   * JavaScript: FTS5's snippet() cost 0.1-0.2 ms a hit (more for prefixes, re-merged per row), the
   * bulk of a typical query.
   */
  function snippetFor(candidate: Candidate, needles: Needle[]): Snippet {
    const text =
      ((candidate.chunk >= 0
        ? chunkText.get(candidate.chunk)
        : firstChunk.get(candidate.id * CHUNK_ID_SPAN, (candidate.id + 1) * CHUNK_ID_SPAN)) as
        string | undefined) ?? '';
    return aroundNeedles(text, needles);
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
    // With filters, rank enough passages that about RANKED_PASSAGES of them pass.
    const share = filtered ? passingShare(keep) : 1;
    const limit = Math.min(
      MAX_RANKED_PASSAGES,
      Math.ceil(RANKED_PASSAGES / Math.max(share, RANKED_PASSAGES / MAX_RANKED_PASSAGES)),
    );
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
        if (keep(id) && !exclude.has(id))
          candidates.push({ id, score: hit.score, chunk: hit.chunk });
    } else {
      const exclude = excluded(query, index.first, index.size);
      for (let id = index.first, end = index.size; id < end; id++)
        if (keep(id) && !exclude.has(id)) candidates.push({ id, score: 0, chunk: -1 });
    }

    // Beyond the ranked sample, documents ranked for their passages stand for their share of the
    // library (by id range); title-only matches are counted as they are.
    const complete = matched?.complete ?? true;
    const scale = complete ? 1 : scaleFrom(keep, matched!.from, share);
    const { total, types, tags } = index.facets(candidates, (c) => (c.chunk >= 0 ? scale : 1));

    const page = topK(
      candidates,
      offset + request.limit,
      (a, b) => b.score - a.score || index.dateOf(b.id) - index.dateOf(a.id) || b.id - a.id,
    ).slice(offset);
    const rows = new Map<number, unknown[]>();
    for (const row of pageRows.all(JSON.stringify(page.map((c) => c.id))) as unknown[][])
      rows.set(row[0] as number, row);
    const needles = snippetNeedles([...query.must, query.title]);
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
          ...snippetFor(candidate, needles),
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

  return db.transaction(run);
}

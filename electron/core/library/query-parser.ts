import { AppError } from '../api/app-error';

/**
 * The search query language, parsed here and never handed raw to FTS5:
 *   words (all must match)  "exact phrase"  prefix*  -excluded  a OR b
 *   type:pdf  tag:name  title:word  after:2025-01-01  before:2025-02  in:notes  lang:ja
 * Filters may be negated (`-tag:draft`) and take quoted values (`tag:"to read"`).
 */

export interface Term {
  text: string;
  mode: 'word' | 'phrase' | 'prefix';
}

export interface ParsedQuery {
  /** Every group must match; a group matches when any of its terms does. */
  must: Term[][];
  /** Terms that must match in the title. */
  title: Term[];
  /** No document matching any of these is returned. */
  not: Term[];
  filters: QueryFilters;
}

export interface QueryFilters {
  types: string[];
  notTypes: string[];
  tags: string[];
  notTags: string[];
  languages: string[];
  /** Epoch ms, inclusive. */
  after: number | null;
  /** Epoch ms, exclusive. */
  before: number | null;
  notes: boolean | null;
}

export const MAX_TERMS = 32;

const FILTERS = new Set(['type', 'tag', 'title', 'after', 'before', 'in', 'lang']);
/** unicode61 makes tokens of letters, digits and private-use characters only. */
const INDEXABLE = /[\p{L}\p{N}\p{Co}]/u;

const TYPE_ALIASES: Record<string, string> = {
  md: 'markdown',
  txt: 'text',
  htm: 'html',
  doc: 'docx',
  notes: 'note',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  tif: 'image',
  tiff: 'image',
  heic: 'image',
  avif: 'image',
  svg: 'image',
};

export function emptyFilters(): QueryFilters {
  return {
    types: [],
    notTypes: [],
    tags: [],
    notTags: [],
    languages: [],
    after: null,
    before: null,
    notes: null,
  };
}

function queryError(message: string): AppError {
  return new AppError('query_error', message);
}

/** `2025`, `2025-03` or `2025-03-31` as the start of that period in UTC. */
export function parseDate(value: string, filter: string): number {
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(value);
  const year = Number(match?.[1]);
  const month = Number(match?.[2] ?? 1);
  const day = Number(match?.[3] ?? 1);
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (!match || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw queryError(`${filter}: expects a date like 2025-01-31, got "${value}"`);
  }
  return ms;
}

interface Token {
  negated: boolean;
  field: string | null;
  text: string;
  quoted: boolean;
  prefix: boolean;
}

/** Splits the input into tokens: [-][field:]("quoted" | bare[*]). */
function tokenize(input: string): (Token | 'OR' | 'NOT')[] {
  const tokens: (Token | 'OR' | 'NOT')[] = [];
  let i = 0;
  const isSpace = (c: string | undefined) => c === undefined || /[\s()]/u.test(c);
  while (i < input.length) {
    if (isSpace(input[i])) {
      i++;
      continue;
    }
    let negated = false;
    if (input[i] === '-' && !isSpace(input[i + 1])) {
      negated = true;
      i++;
    }
    let field: string | null = null;
    const fieldMatch = /^([a-zA-Z]+):(?=\S)/.exec(input.slice(i, i + 12));
    if (fieldMatch && FILTERS.has(fieldMatch[1]!.toLowerCase())) {
      field = fieldMatch[1]!.toLowerCase();
      i += fieldMatch[0].length;
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      const stop = end < 0 ? input.length : end;
      const text = input.slice(i + 1, stop);
      i = stop + 1;
      const prefix = input[i] === '*';
      if (prefix) i++;
      tokens.push({ negated, field, text, quoted: true, prefix });
      continue;
    }
    let end = i;
    while (end < input.length && !isSpace(input[end]) && input[end] !== '"') end++;
    let text = input.slice(i, end);
    i = end;
    if (!negated && !field && (text === 'OR' || text === '|')) {
      tokens.push('OR');
      continue;
    }
    if (!negated && !field && text === 'NOT') {
      tokens.push('NOT');
      continue;
    }
    if (!negated && !field && text === 'AND') continue;
    const prefix = /\*+$/.test(text);
    text = text.replace(/\*+$/, '');
    tokens.push({ negated, field, text, quoted: false, prefix });
  }
  return tokens;
}

function toTerm(token: Token): Term | null {
  if (!INDEXABLE.test(token.text)) return null;
  const mode = token.prefix ? 'prefix' : token.quoted ? 'phrase' : 'word';
  return { text: token.text, mode };
}

function applyFilter(filters: QueryFilters, token: Token): void {
  const value = token.text.trim();
  const name = token.field!;
  if (!value)
    throw queryError(`${name}: needs a value, e.g. ${name === 'type' ? 'type:pdf' : `${name}:…`}`);
  switch (name) {
    case 'type': {
      const kind = TYPE_ALIASES[value.toLowerCase()] ?? value.toLowerCase();
      (token.negated ? filters.notTypes : filters.types).push(kind);
      return;
    }
    case 'tag':
      (token.negated ? filters.notTags : filters.tags).push(value);
      return;
    case 'lang':
      if (token.negated) throw queryError('lang: cannot be negated');
      filters.languages.push(value.toLowerCase());
      return;
    case 'after':
    case 'before': {
      if (token.negated)
        throw queryError(
          `${name}: cannot be negated; use ${name === 'after' ? 'before' : 'after'}: instead`,
        );
      const ms = parseDate(value, name);
      if (name === 'after') filters.after = Math.max(filters.after ?? ms, ms);
      else filters.before = Math.min(filters.before ?? ms, ms);
      return;
    }
    case 'in': {
      const where = value.toLowerCase();
      const notes =
        where === 'notes' || where === 'note'
          ? true
          : ['documents', 'docs', 'files'].includes(where)
            ? false
            : null;
      if (notes === null) throw queryError(`in: expects notes or documents, got "${value}"`);
      filters.notes = token.negated ? !notes : notes;
      return;
    }
  }
}

export function parseQuery(input: string): ParsedQuery {
  const query: ParsedQuery = { must: [], title: [], not: [], filters: emptyFilters() };
  let joinNext = false;
  let negateNext = false;
  // Control characters (NUL ends a C string inside FTS5's parser) are never part of a search.
  for (const token of tokenize(input.replace(/\p{Cc}/gu, ' '))) {
    if (token === 'OR') {
      joinNext = query.must.length > 0;
      continue;
    }
    if (token === 'NOT') {
      negateNext = true;
      continue;
    }
    if (negateNext) token.negated = true;
    negateNext = false;
    if (token.field && token.field !== 'title') {
      applyFilter(query.filters, token);
      joinNext = false;
      continue;
    }
    const term = toTerm(token);
    if (!term) continue;
    if (token.negated) query.not.push(term);
    else if (token.field === 'title') query.title.push(term);
    else if (joinNext) query.must[query.must.length - 1]!.push(term);
    else query.must.push([term]);
    joinNext = false;
  }
  const terms = query.must.flat().length + query.title.length + query.not.length;
  if (terms > MAX_TERMS)
    throw queryError(`The query has ${terms} terms; at most ${MAX_TERMS} are allowed`);
  return query;
}

export function hasPositiveTerms(query: ParsedQuery): boolean {
  return query.must.length > 0 || query.title.length > 0;
}

import { z } from 'zod';
import { NoInput } from './app';

/** Kinds the importer assigns; stored as text so a new kind needs no migration. */
export const DOCUMENT_KINDS = [
  'text',
  'markdown',
  'html',
  'pdf',
  'docx',
  'epub',
  'odt',
  'image',
  'code',
  'note',
  'other',
] as const;

const Id = z.number().int().positive();
const TagName = z
  .string()
  .trim()
  .min(1, 'a tag needs at least one character')
  .max(64, 'a tag has at most 64 characters')
  .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'a tag may not contain control characters');
const Cursor = z.string().max(200);

export const SearchFilters = z.object({
  types: z.array(z.string().max(40)).max(20).optional(),
  tags: z.array(TagName).max(20).optional(),
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD): documents dated on or after it. */
  after: z.string().max(40).optional(),
  /** ISO date: documents dated before it. */
  before: z.string().max(40).optional(),
  languages: z.array(z.string().max(16)).max(20).optional(),
});
export type SearchFilters = z.infer<typeof SearchFilters>;

export const SearchInput = z.object({
  query: z.string().max(1000),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: Cursor.optional(),
  filters: SearchFilters.optional(),
});
export type SearchInput = z.input<typeof SearchInput>;

export const SearchHit = z.object({
  id: Id,
  title: z.string(),
  type: z.string(),
  /** The absolute path the document was imported from; null for notes. */
  path: z.string().nullable(),
  score: z.number(),
  snippet: z.string(),
  /** [start, end) offsets in UTF-16 code units into `snippet` of each matched term. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  modifiedAt: z.number().nullable(),
  size: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  query: z.string(),
  total: z.number().int().nonnegative(),
  hits: z.array(SearchHit),
  facets: z.object({
    types: z.record(z.string(), z.number()),
    tags: z.record(z.string(), z.number()),
  }),
  nextCursor: z.string().nullable(),
  tookMs: z.number(),
  /**
   * True when the query matched more passages than are ranked at once: the hits are the best of
   * the newest matches plus every title match, `total` and `facets` are estimates, and paging
   * ends with the ranked matches.
   */
  approximate: z.boolean().optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const DocumentSummary = z.object({
  id: Id,
  title: z.string(),
  type: z.string(),
  mime: z.string().nullable(),
  size: z.number(),
  path: z.string().nullable(),
  importedAt: z.number(),
  modifiedAt: z.number().nullable(),
  language: z.string().nullable(),
  thumbnail: z.string().nullable(),
  noText: z.boolean(),
  tags: z.array(z.string()),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentDetail = DocumentSummary.extend({
  sha256: z.string().nullable(),
  metrics: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  chunkCount: z.number().int(),
  textChars: z.number().int(),
  /** The Markdown source of a note; null for other documents. */
  noteBody: z.string().nullable(),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

export const ListInput = z.object({
  sort: z.enum(['date', 'title', 'size']).default('date'),
  order: z.enum(['asc', 'desc']).default('desc'),
  type: z.string().max(40).optional(),
  tag: TagName.optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: Cursor.optional(),
  /** Row to start at, for random access (a scrollbar dragged far down); wins over `cursor`. */
  offset: z.number().int().nonnegative().max(100_000_000).optional(),
});
export type ListInput = z.input<typeof ListInput>;

export const ListResult = z.object({
  total: z.number().int().nonnegative(),
  items: z.array(DocumentSummary),
  nextCursor: z.string().nullable(),
});
export type ListResult = z.infer<typeof ListResult>;

export const TextInput = z.object({
  id: Id,
  /** Index of the first section to return (a cursor from `nextSection`). */
  fromSection: z.number().int().nonnegative().default(0),
  /** Stop adding sections once this many characters were sent (at least one section is sent). */
  maxChars: z.number().int().min(1000).max(2_000_000).default(200_000),
});
export type TextInput = z.input<typeof TextInput>;

export const TextResult = z.object({
  id: Id,
  totalSections: z.number().int(),
  sections: z.array(z.object({ ordinal: z.number().int(), text: z.string() })),
  nextSection: z.number().int().nullable(),
});
export type TextResult = z.infer<typeof TextResult>;

export const NoteCreateInput = z.object({
  title: z.string().trim().min(1).max(500),
  body: z.string().max(5_000_000),
  tags: z.array(TagName).max(50).optional(),
});
export type NoteCreateInput = z.input<typeof NoteCreateInput>;

export const NoteUpdateInput = z.object({
  id: Id,
  title: z.string().trim().min(1).max(500).optional(),
  body: z.string().max(5_000_000).optional(),
});
export type NoteUpdateInput = z.input<typeof NoteUpdateInput>;

export const TagCount = z.object({ name: z.string(), count: z.number().int().nonnegative() });
export type TagCount = z.infer<typeof TagCount>;

export const TagsChangeInput = z.object({
  ids: z.array(Id).min(1).max(10_000),
  tags: z.array(TagName).min(1).max(50),
});

export const TagsChangeResult = z.object({
  changed: z.number().int(),
  /** Per tag, the documents whose link changed: what an undo reverses. */
  byTag: z.array(z.object({ tag: z.string(), ids: z.array(Id) })),
});

/** The documents a listing holds, for acting on all of them (select all). */
export const ListFilter = ListInput.pick({ type: true, tag: true });
export type ListFilter = z.input<typeof ListFilter>;

export const ReaderPoolStats = z.object({
  size: z.number().int(),
  busy: z.number().int(),
  queued: z.number().int(),
  waitP50Ms: z.number(),
  waitP99Ms: z.number(),
  timeouts: z.number().int(),
  slowQueries: z.number().int(),
  /** SQL threads (the writer's too) handed over to a fresh one after their time in use. */
  renewals: z.number().int(),
  utilization: z.number(),
  threads: z.array(
    z.object({
      threadId: z.number().int(),
      busy: z.boolean(),
      queries: z.number().int(),
      busyMs: z.number(),
    }),
  ),
});
export type ReaderPoolStats = z.infer<typeof ReaderPoolStats>;

export const libraryChannels = {
  'search.query': { input: SearchInput, output: SearchResult },
  'documents.list': { input: ListInput, output: ListResult },
  'documents.ids': { input: ListFilter, output: z.object({ ids: z.array(Id) }) },
  'documents.get': { input: z.object({ id: Id }), output: DocumentDetail },
  'documents.text': { input: TextInput, output: TextResult },
  'documents.delete': {
    input: z.object({ ids: z.array(Id).min(1).max(10_000) }),
    output: z.object({ deleted: z.array(Id), missing: z.array(Id) }),
  },
  'notes.create': { input: NoteCreateInput, output: DocumentDetail },
  'notes.update': { input: NoteUpdateInput, output: DocumentDetail },
  'notes.delete': { input: z.object({ id: Id }), output: z.object({ deleted: z.boolean() }) },
  'tags.list': { input: NoInput, output: z.array(TagCount) },
  'tags.add': { input: TagsChangeInput, output: TagsChangeResult },
  'tags.remove': { input: TagsChangeInput, output: TagsChangeResult },
  'tags.rename': { input: z.object({ from: TagName, to: TagName }), output: TagCount },
  'library.poolStats': { input: NoInput, output: ReaderPoolStats },
};

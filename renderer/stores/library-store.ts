import { create } from 'zustand';
import type { DocumentSummary, ListInput, TagCount } from '../../shared/channels/library';
import { call } from '../api/kb';
import { messageOf } from '../components/format';

export type SortKey = 'date' | 'title' | 'size';
export type Layout = 'list' | 'grid';

const PAGE = 200;
const LAYOUT_KEY = 'skr.library.layout';

export interface Notice {
  message: string;
  tone: 'info' | 'error';
  undo?: () => Promise<void>;
}

interface LibraryState {
  sort: SortKey;
  order: 'asc' | 'desc';
  type: string | null;
  tag: string | null;
  layout: Layout;
  status: 'loading' | 'done' | 'error';
  error: string | null;
  /**
   * The listing by row index, `total` long; rows whose page has not loaded yet are holes
   * (`undefined`), so a scrollbar dragged to the end loads only the pages it shows.
   */
  items: ReadonlyArray<DocumentSummary | undefined>;
  total: number;
  selected: ReadonlySet<number>;
  /** Index where the last plain selection click happened: Shift extends from here. */
  anchor: number | null;
  tags: TagCount[];
  typeCounts: Record<string, number>;
  notice: Notice | null;
  reload(): Promise<void>;
  /** The view shows rows `first`…`last`: loads the pages among them that are not loaded yet. */
  ensureRange(first: number, last: number): void;
  setSort(sort: SortKey): void;
  setFilter(filter: { type?: string | null; tag?: string | null }): void;
  setLayout(layout: Layout): void;
  select(index: number, mode: 'toggle' | 'range' | 'only'): void;
  /** Selects every document of the listing (its filters), loaded or not. */
  selectAll(): Promise<void>;
  clearSelection(): void;
  addTags(tags: string[]): Promise<void>;
  removeTag(tag: string): Promise<void>;
  deleteSelected(): Promise<void>;
  dismissNotice(): void;
}

/** Defaults per sort key: newest, A→Z, largest first. */
const DEFAULT_ORDER: Record<SortKey, 'asc' | 'desc'> = { date: 'desc', title: 'asc', size: 'desc' };

/** Most ids one bulk call carries (the contract's limit); bigger selections go in several. */
const BULK_IDS = 10_000;

/** Pages fetched at once: enough to fill a screen that straddles two pages. */
const MAX_PAGES_IN_FLIGHT = 2;

const RELOAD_AFTER_SHIFT_MS = 500;
let reloadTimer: ReturnType<typeof setTimeout> | undefined;

/** Bumped by every reload: pages of an older listing are dropped. */
let generation = 0;
/** Rows the view shows now; pages scrolled past before they were fetched are never fetched. */
let wanted = { first: 0, last: 0 };
/** Page numbers of this generation being fetched, and those that failed (not retried until a reload). */
const fetching = new Set<number>();
const failedPages = new Set<number>();

/** The loaded documents among `items`, skipping the holes. */
export function loadedDocuments(items: ReadonlyArray<DocumentSummary | undefined>): DocumentSummary[] {
  return items.filter((d): d is DocumentSummary => d !== undefined);
}

function batches(ids: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += BULK_IDS) out.push(ids.slice(i, i + BULK_IDS));
  return out;
}

/** Tags added or removed, per tag and batch, as the core reported them: what an undo reverses. */
type TagChanges = { tag: string; ids: number[] }[];

async function changeTags(channel: 'tags.add' | 'tags.remove', ids: number[], tags: string[]): Promise<TagChanges> {
  const changes: TagChanges = [];
  for (const batch of batches(ids)) changes.push(...(await call(channel, { ids: batch, tags })).byTag.filter((t) => t.ids.length));
  return changes;
}

async function reverseTags(channel: 'tags.add' | 'tags.remove', changes: TagChanges): Promise<void> {
  for (const { tag, ids } of changes) await changeTags(channel, ids, [tag]);
}

const changedDocuments = (changes: TagChanges) => new Set(changes.flatMap((t) => t.ids)).size;

function wantedPages(total: number): number[] {
  const last = Math.min(wanted.last, total - 1);
  const pages: number[] = [];
  for (let page = Math.floor(wanted.first / PAGE); page * PAGE <= last; page++) pages.push(page);
  return pages;
}

export const useLibrary = create<LibraryState>((set, get) => {
  const listInput = (page: number): ListInput => {
    const { sort, order, type, tag } = get();
    return { sort, order, type: type ?? undefined, tag: tag ?? undefined, limit: PAGE, offset: page * PAGE };
  };

  const isLoaded = (page: number) => {
    const { items, total } = get();
    return items[page * PAGE] !== undefined && items[Math.min(total, (page + 1) * PAGE) - 1] !== undefined;
  };

  function fetchMissingPages(): void {
    for (const page of wantedPages(get().total)) {
      if (fetching.size >= MAX_PAGES_IN_FLIGHT) return;
      if (!fetching.has(page) && !failedPages.has(page) && !isLoaded(page)) void fetchPage(page);
    }
  }

  function reloadSoon(): void {
    reloadTimer ??= setTimeout(() => {
      reloadTimer = undefined;
      void get().reload();
    }, RELOAD_AFTER_SHIFT_MS);
  }

  async function fetchPage(page: number): Promise<void> {
    const seq = generation;
    fetching.add(page);
    try {
      const result = await call('documents.list', listInput(page));
      if (seq !== generation) return;
      // Documents came or went since the first page: row positions moved, so this listing is
      // stale. Start over, at most twice a second: during a long import every page sees a new total.
      if (result.total !== get().total) {
        generation++;
        return reloadSoon();
      }
      const items = get().items.slice();
      result.items.forEach((doc, i) => (items[page * PAGE + i] = doc));
      set({ items });
    } catch (error) {
      if (seq !== generation) return;
      failedPages.add(page);
      set({ notice: { message: messageOf(error), tone: 'error' } });
    } finally {
      if (seq === generation) {
        fetching.delete(page);
        fetchMissingPages();
      }
    }
  }

  async function refreshFacets(): Promise<void> {
    try {
      const [tags, stats] = await Promise.all([call('tags.list'), call('library.stats')]);
      set({ tags, typeCounts: stats.byType });
    } catch {
      // Facets are a convenience; the listing reports errors.
    }
  }

  async function withNotice(action: () => Promise<string>, undo?: () => Promise<void>): Promise<void> {
    try {
      set({ notice: { message: await action(), tone: 'info', undo } });
    } catch (error) {
      set({ notice: { message: messageOf(error), tone: 'error' } });
    }
    await Promise.all([get().reload(), refreshFacets()]);
  }

  const selectedIds = () => [...get().selected];
  const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

  return {
    sort: 'date',
    order: 'desc',
    type: null,
    tag: null,
    layout: localStorage.getItem(LAYOUT_KEY) === 'grid' ? 'grid' : 'list',
    status: 'loading',
    error: null,
    items: [],
    total: 0,
    selected: new Set(),
    anchor: null,
    tags: [],
    typeCounts: {},
    notice: null,

    async reload() {
      const seq = ++generation;
      fetching.clear();
      failedPages.clear();
      if (get().items.length === 0) set({ status: 'loading' });
      void refreshFacets();
      try {
        // The rows on screen are fetched with the first page, so a refresh during an import
        // swaps them in place instead of flashing placeholders.
        const pages = [...new Set([0, ...wantedPages(get().total)])];
        const results = await Promise.all(pages.map((page) => call('documents.list', listInput(page))));
        if (seq !== generation) return;
        const total = results[0]!.total;
        const items = new Array<DocumentSummary | undefined>(total);
        results.forEach((result, i) => {
          if (result.total === total) result.items.forEach((doc, row) => (items[pages[i]! * PAGE + row] = doc));
        });
        set({ status: 'done', error: null, items, total });
        fetchMissingPages();
      } catch (error) {
        if (seq === generation) set({ status: 'error', error: messageOf(error) });
      }
    },

    ensureRange(first, last) {
      wanted = { first: Math.max(0, first), last: Math.max(first, last) };
      fetchMissingPages();
    },

    setSort(sort) {
      const { sort: current, order } = get();
      set({ sort, order: sort === current ? (order === 'asc' ? 'desc' : 'asc') : DEFAULT_ORDER[sort], items: [], anchor: null });
      void get().reload();
    },

    setFilter(filter) {
      set({ ...filter, items: [], selected: new Set(), anchor: null });
      void get().reload();
    },

    setLayout(layout) {
      localStorage.setItem(LAYOUT_KEY, layout);
      set({ layout });
    },

    select(index, mode) {
      const { items, selected, anchor } = get();
      const doc = items[index];
      if (!doc) return;
      if (mode === 'range' && anchor !== null) {
        const next = new Set(selected);
        for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
          const row = items[i];
          if (row) next.add(row.id);
        }
        set({ selected: next });
        return;
      }
      const next = mode === 'only' ? new Set<number>() : new Set(selected);
      if (next.has(doc.id) && mode === 'toggle') next.delete(doc.id);
      else next.add(doc.id);
      set({ selected: next, anchor: index });
    },

    async selectAll() {
      const { type, tag } = get();
      try {
        const { ids } = await call('documents.ids', { type: type ?? undefined, tag: tag ?? undefined });
        // The filters changed while the ids were on their way: that listing is gone.
        if (get().type === type && get().tag === tag) set({ selected: new Set(ids) });
      } catch (error) {
        set({ notice: { message: messageOf(error), tone: 'error' } });
      }
    },

    clearSelection() {
      set({ selected: new Set(), anchor: null });
    },

    async addTags(tags) {
      const ids = selectedIds();
      if (!ids.length || !tags.length) return;
      let added: TagChanges = [];
      await withNotice(
        async () => {
          added = await changeTags('tags.add', ids, tags);
          return `Tagged ${plural(ids.length, 'document')} with ${tags.join(', ')}.`;
        },
        // Undo removes each tag only where this action added it.
        () =>
          withNotice(async () => {
            await reverseTags('tags.remove', added);
            return 'Tagging undone.';
          }),
      );
    },

    async removeTag(tag) {
      const ids = selectedIds();
      if (!ids.length) return;
      let removed: TagChanges = [];
      await withNotice(
        async () => {
          removed = await changeTags('tags.remove', ids, [tag]);
          return `Removed “${tag}” from ${plural(changedDocuments(removed), 'document')}.`;
        },
        () =>
          withNotice(async () => {
            await reverseTags('tags.add', removed);
            return 'Tag removal undone.';
          }),
      );
    },

    async deleteSelected() {
      const ids = selectedIds();
      if (!ids.length) return;
      await withNotice(async () => {
        let deleted = 0;
        for (const batch of batches(ids)) deleted += (await call('documents.delete', { ids: batch })).deleted.length;
        set({ selected: new Set(), anchor: null });
        return `Deleted ${plural(deleted, 'document')}.`;
      });
    },

    dismissNotice() {
      set({ notice: null });
    },
  };
});

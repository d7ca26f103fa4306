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
  /** Loaded documents, in order: the first `items.length` of `total`. */
  items: DocumentSummary[];
  total: number;
  nextCursor: string | null;
  loadingMore: boolean;
  selected: ReadonlySet<number>;
  /** Index where the last plain selection click happened: Shift extends from here. */
  anchor: number | null;
  tags: TagCount[];
  typeCounts: Record<string, number>;
  notice: Notice | null;
  reload(): Promise<void>;
  /** Loads pages until `index` is loaded (or the end is reached). */
  ensureLoaded(index: number): Promise<void>;
  setSort(sort: SortKey): void;
  setFilter(filter: { type?: string | null; tag?: string | null }): void;
  setLayout(layout: Layout): void;
  select(index: number, mode: 'toggle' | 'range' | 'only'): void;
  selectAll(): void;
  clearSelection(): void;
  addTags(tags: string[]): Promise<void>;
  removeTag(tag: string): Promise<void>;
  deleteSelected(): Promise<void>;
  dismissNotice(): void;
}

/** Defaults per sort key: newest, A→Z, largest first. */
const DEFAULT_ORDER: Record<SortKey, 'asc' | 'desc'> = { date: 'desc', title: 'asc', size: 'desc' };

/** Bumped by every reload: pages of an older listing are dropped. */
let generation = 0;
/** The furthest row the view has asked for; a page walk already running goes on until it is loaded. */
let wantedIndex = -1;

export const useLibrary = create<LibraryState>((set, get) => {
  const listInput = (cursor?: string): ListInput => {
    const { sort, order, type, tag } = get();
    return { sort, order, type: type ?? undefined, tag: tag ?? undefined, limit: PAGE, cursor };
  };

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
    nextCursor: null,
    loadingMore: false,
    selected: new Set(),
    anchor: null,
    tags: [],
    typeCounts: {},
    notice: null,

    async reload() {
      const seq = ++generation;
      wantedIndex = -1;
      if (get().items.length === 0) set({ status: 'loading' });
      void refreshFacets();
      try {
        const page = await call('documents.list', listInput());
        if (seq !== generation) return;
        const present = new Set(page.items.map((d) => d.id));
        const selected = new Set([...get().selected].filter((id) => present.has(id) || get().items.some((d) => d.id === id)));
        set({ status: 'done', error: null, items: page.items, total: page.total, nextCursor: page.nextCursor, selected, loadingMore: false });
      } catch (error) {
        if (seq === generation) set({ status: 'error', error: messageOf(error) });
      }
    },

    async ensureLoaded(index) {
      wantedIndex = Math.max(wantedIndex, index);
      if (get().loadingMore) return;
      while (wantedIndex >= get().items.length && get().nextCursor) {
        const seq = generation;
        set({ loadingMore: true });
        try {
          const page = await call('documents.list', listInput(get().nextCursor!));
          if (seq !== generation) return;
          set({ items: [...get().items, ...page.items], total: page.total, nextCursor: page.nextCursor });
        } catch (error) {
          if (seq === generation) set({ notice: { message: messageOf(error), tone: 'error' } });
          return;
        } finally {
          if (seq === generation) set({ loadingMore: false });
        }
      }
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
        for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) if (items[i]) next.add(items[i]!.id);
        set({ selected: next });
        return;
      }
      const next = mode === 'only' ? new Set<number>() : new Set(selected);
      if (next.has(doc.id) && mode === 'toggle') next.delete(doc.id);
      else next.add(doc.id);
      set({ selected: next, anchor: index });
    },

    selectAll() {
      set({ selected: new Set(get().items.map((d) => d.id)) });
    },

    clearSelection() {
      set({ selected: new Set(), anchor: null });
    },

    async addTags(tags) {
      const ids = selectedIds();
      if (!ids.length || !tags.length) return;
      // Undo removes each tag only where this action added it.
      const lacking = tags.map((tag) => ({ tag, ids: get().items.filter((d) => get().selected.has(d.id) && !d.tags.includes(tag)).map((d) => d.id) }));
      await withNotice(
        async () => {
          await call('tags.add', { ids, tags });
          return `Tagged ${plural(ids.length, 'document')} with ${tags.join(', ')}.`;
        },
        () =>
          withNotice(async () => {
            for (const { tag, ids: added } of lacking) if (added.length) await call('tags.remove', { ids: added, tags: [tag] });
            return 'Tagging undone.';
          }),
      );
    },

    async removeTag(tag) {
      const had = get().items.filter((d) => get().selected.has(d.id) && d.tags.includes(tag)).map((d) => d.id);
      if (!had.length) return;
      await withNotice(
        async () => {
          const { changed } = await call('tags.remove', { ids: had, tags: [tag] });
          return `Removed “${tag}” from ${plural(changed, 'document')}.`;
        },
        () =>
          withNotice(async () => {
            await call('tags.add', { ids: had, tags: [tag] });
            return 'Tag removal undone.';
          }),
      );
    },

    async deleteSelected() {
      const ids = selectedIds();
      if (!ids.length) return;
      await withNotice(async () => {
        const { deleted } = await call('documents.delete', { ids });
        set({ selected: new Set(), anchor: null });
        return `Deleted ${plural(deleted.length, 'document')}.`;
      });
    },

    dismissNotice() {
      set({ notice: null });
    },
  };
});

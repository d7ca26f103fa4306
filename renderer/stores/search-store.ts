import { create } from 'zustand';
import type { SearchResult } from '../../shared/channels/library';
import { call } from '../api/kb';
import { messageOf } from '../components/format';

export type FacetKind = 'types' | 'tags';
type Filters = Record<FacetKind, string[]>;

interface SearchState {
  query: string;
  filters: Filters;
  status: 'idle' | 'loading' | 'done' | 'error';
  result: SearchResult | null;
  error: string | null;
  /** Index of the keyboard-selected hit. */
  active: number;
  loadingMore: boolean;
  /** Bumped to ask the search box to take focus (Ctrl/Cmd+K). */
  focusRequest: number;
  setQuery(query: string): void;
  toggleFilter(kind: FacetKind, value: string): void;
  clearFilters(): void;
  moveActive(delta: number): void;
  setActive(index: number): void;
  loadMore(): Promise<void>;
  requestFocus(): void;
}

const TYPING_PAUSE_MS = 60;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Sequence number of the newest query: answers to older ones are dropped, so only the newest is shown. */
let latest = 0;

export const useSearch = create<SearchState>((set, get) => {
  function schedule(): void {
    clearTimeout(timer);
    const { query, filters } = get();
    const seq = ++latest;
    if (!query.trim() && !filters.types.length && !filters.tags.length) {
      set({ status: 'idle', result: null, error: null, active: 0 });
      return;
    }
    set({ status: 'loading' });
    timer = setTimeout(() => void run(seq), TYPING_PAUSE_MS);
  }

  async function run(seq: number): Promise<void> {
    const { query, filters } = get();
    try {
      const result = await call('search.query', { query, limit: 30, filters: activeFilters(filters) });
      if (seq === latest) set({ status: 'done', result, error: null, active: 0 });
    } catch (error) {
      if (seq === latest) set({ status: 'error', error: messageOf(error), result: null });
    }
  }

  return {
    query: '',
    filters: { types: [], tags: [] },
    status: 'idle',
    result: null,
    error: null,
    active: 0,
    loadingMore: false,
    focusRequest: 0,
    setQuery(query) {
      set({ query });
      schedule();
    },
    toggleFilter(kind, value) {
      const current = get().filters[kind];
      const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
      set({ filters: { ...get().filters, [kind]: next } });
      schedule();
    },
    clearFilters() {
      set({ filters: { types: [], tags: [] } });
      schedule();
    },
    moveActive(delta) {
      const count = get().result?.hits.length ?? 0;
      if (count) set({ active: Math.min(count - 1, Math.max(0, get().active + delta)) });
    },
    setActive(index) {
      set({ active: index });
    },
    async loadMore() {
      const { result, query, filters, loadingMore } = get();
      if (!result?.nextCursor || loadingMore) return;
      const seq = latest;
      set({ loadingMore: true });
      try {
        const more = await call('search.query', { query, limit: 30, cursor: result.nextCursor, filters: activeFilters(filters) });
        if (seq === latest) set({ result: { ...more, hits: [...result.hits, ...more.hits], facets: result.facets } });
      } catch (error) {
        if (seq === latest) set({ error: messageOf(error) });
      } finally {
        set({ loadingMore: false });
      }
    },
    requestFocus() {
      set({ focusRequest: get().focusRequest + 1 });
    },
  };
});

function activeFilters(filters: Filters) {
  const types = filters.types.length ? filters.types : undefined;
  const tags = filters.tags.length ? filters.tags : undefined;
  return types || tags ? { types, tags } : undefined;
}

/** The words a hit matched, read from its highlight ranges: what the viewer highlights. */
export function matchedTerms(snippet: string, highlights: [number, number][]): string[] {
  const terms = new Set<string>();
  for (const [start, end] of highlights) {
    const term = snippet.slice(start, end).trim().toLowerCase();
    if (term) terms.add(term);
  }
  return [...terms];
}

import { create } from 'zustand';
import type { DocumentDetail, TextResult } from '../../shared/channels/library';
import { call } from '../api/kb';
import { messageOf } from '../components/format';

type Section = TextResult['sections'][number];

interface ViewerState {
  id: number | null;
  /** Words to highlight, carried over from the search that opened the document. */
  terms: string[];
  status: 'idle' | 'loading' | 'done' | 'error';
  error: string | null;
  detail: DocumentDetail | null;
  sections: Section[];
  totalSections: number;
  nextSection: number | null;
  loadingMore: boolean;
  setTerms(terms: string[]): void;
  load(id: number): Promise<void>;
  loadMore(): Promise<void>;
}

export const useViewer = create<ViewerState>((set, get) => ({
  id: null,
  terms: [],
  status: 'idle',
  error: null,
  detail: null,
  sections: [],
  totalSections: 0,
  nextSection: null,
  loadingMore: false,
  setTerms(terms) {
    set({ terms });
  },
  async load(id) {
    set({ id, status: 'loading', error: null, detail: null, sections: [], totalSections: 0, nextSection: null });
    try {
      const [detail, text] = await Promise.all([call('documents.get', { id }), call('documents.text', { id })]);
      if (get().id !== id) return;
      set({ status: 'done', detail, sections: text.sections, totalSections: text.totalSections, nextSection: text.nextSection });
    } catch (error) {
      if (get().id === id) set({ status: 'error', error: messageOf(error) });
    }
  },
  async loadMore() {
    const { id, nextSection, loadingMore } = get();
    if (id === null || nextSection === null || loadingMore) return;
    set({ loadingMore: true });
    try {
      const text = await call('documents.text', { id, fromSection: nextSection });
      if (get().id === id) set({ sections: [...get().sections, ...text.sections], nextSection: text.nextSection });
    } catch (error) {
      set({ error: messageOf(error) });
    } finally {
      set({ loadingMore: false });
    }
  },
}));

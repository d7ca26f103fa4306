import { create } from 'zustand';

export const VIEWS = ['library', 'search', 'dashboard', 'settings'] as const;
export type View = (typeof VIEWS)[number];

function viewFromHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '').split('/')[0] as View;
  return VIEWS.includes(name) ? name : 'library';
}

interface NavigationState {
  view: View;
  go(view: View): void;
}

/** The current view lives in the URL hash, so reloads and the back button keep it. */
export const useNavigation = create<NavigationState>((set) => ({
  view: viewFromHash(window.location.hash),
  go(view) {
    window.location.hash = `#/${view}`;
  },
}));

window.addEventListener('hashchange', () => useNavigation.setState({ view: viewFromHash(window.location.hash) }));

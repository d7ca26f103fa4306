import { create } from 'zustand';

/** Views named in the main navigation, then views reached from them (a document, a note). */
export const VIEWS = ['library', 'search', 'dashboard', 'settings', 'document', 'note'] as const;
export type View = (typeof VIEWS)[number];

interface Route {
  view: View;
  /** The segment after the view, e.g. the document id in `#/document/42`. */
  param: string | null;
}

function routeFromHash(hash: string): Route {
  const [name, param] = hash.replace(/^#\/?/, '').split('/') as [View, string | undefined];
  return VIEWS.includes(name) ? { view: name, param: param ? decodeURIComponent(param) : null } : { view: 'library', param: null };
}

interface NavigationState extends Route {
  go(view: View, param?: string | number): void;
}

/** The current view lives in the URL hash, so reloads and the back button keep it. */
export const useNavigation = create<NavigationState>(() => ({
  ...routeFromHash(window.location.hash),
  go(view, param) {
    window.location.hash = param === undefined ? `#/${view}` : `#/${view}/${encodeURIComponent(String(param))}`;
  },
}));

window.addEventListener('hashchange', () => useNavigation.setState(routeFromHash(window.location.hash)));

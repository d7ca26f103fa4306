import { useCallback, useEffect } from 'react';
import { kb } from './api/kb';
import { DropOverlay } from './components/DropOverlay';
import { DashboardView } from './features/dashboard/DashboardView';
import { collectFiles, entriesOf } from './features/import/collect-dropped';
import { ImportPanel } from './features/import/ImportPanel';
import { LibraryView } from './features/library/LibraryView';
import { NoteEditor } from './features/notes/NoteEditor';
import { SearchView } from './features/search/SearchView';
import { SettingsView } from './features/settings/SettingsView';
import { ViewerView } from './features/viewer/ViewerView';
import { useImport } from './stores/import-store';
import { useNavigation, type View } from './stores/navigation-store';
import { useSearch } from './stores/search-store';
import { useTheme } from './stores/theme-store';

const NAV: { view: View; label: string }[] = [
  { view: 'library', label: 'Library' },
  { view: 'search', label: 'Search' },
  { view: 'dashboard', label: 'Dashboard' },
  { view: 'settings', label: 'Settings' },
];

const VIEWS: Record<View, () => React.JSX.Element> = {
  library: LibraryView,
  search: SearchView,
  dashboard: DashboardView,
  settings: SettingsView,
  document: ViewerView,
  note: NoteEditor,
};

/** Where a view belongs in the navigation: a document opened from the library keeps Library lit. */
const SECTION: Partial<Record<View, View>> = { document: 'library', note: 'library' };

export function App() {
  const view = useNavigation((s) => s.view);
  useTheme();
  useEffect(() => useImport.getState().connect(), []);
  useGlobalShortcuts();

  const onDrop = useCallback((files: File[], items: DataTransferItemList | null) => {
    if (kb.pathForFile) {
      const paths = files.map((f) => kb.pathForFile!(f)).filter(Boolean);
      if (paths.length) void useImport.getState().importPaths(paths);
      return;
    }
    // Entries must be taken now, inside the drop event; reading them can wait.
    const entries = entriesOf(items);
    void (entries.length ? collectFiles(entries) : Promise.resolve(files.map((file) => ({ file, relativePath: file.name })))).then(
      (dropped) => {
        if (dropped.length) void useImport.getState().importFiles(dropped);
      },
    );
  }, []);
  const Current = VIEWS[view];
  const section = SECTION[view] ?? view;

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header className="app__header">
        <span className="app__brand">
          <span className="app__logo" aria-hidden="true" />
          Smart Knowledge Repository
        </span>
        <nav aria-label="Main">
          <ul className="app__nav">
            {NAV.map((item) => (
              <li key={item.view}>
                <a href={`#/${item.view}`} aria-current={section === item.view ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="spacer" />
        <span className="app__shortcuts muted" aria-hidden="true">
          <kbd>Ctrl K</kbd> search · <kbd>Ctrl N</kbd> new note
        </span>
      </header>
      <main className="app__main" id="main" tabIndex={-1}>
        <Current />
      </main>
      <ImportPanel />
      <DropOverlay onDrop={onDrop} />
    </div>
  );
}

/** Ctrl/Cmd+K: search from anywhere. Ctrl/Cmd+N: a new note. */
function useGlobalShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (key === 'k') {
        e.preventDefault();
        useNavigation.getState().go('search');
        useSearch.getState().requestFocus();
      } else if (key === 'n') {
        e.preventDefault();
        useNavigation.getState().go('note', 'new');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

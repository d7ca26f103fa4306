import { useCallback, useState } from 'react';
import { DropOverlay } from './components/DropOverlay';
import { LibraryView } from './features/library/LibraryView';
import { SearchView } from './features/search/SearchView';
import { DashboardView } from './features/dashboard/DashboardView';
import { SettingsView } from './features/settings/SettingsView';
import { useNavigation, type View } from './stores/navigation-store';
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
};

export function App() {
  const view = useNavigation((s) => s.view);
  useTheme();
  const [dropped, setDropped] = useState<number | null>(null);
  const onDrop = useCallback((files: File[]) => setDropped(files.length), []);
  const Current = VIEWS[view];

  return (
    <div className="app">
      <header className="app__header">
        <span className="app__brand">Smart Knowledge Repository</span>
        <nav aria-label="Main">
          <ul className="app__nav">
            {NAV.map((item) => (
              <li key={item.view}>
                <a href={`#/${item.view}`} aria-current={view === item.view ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="app__main" id="main">
        {dropped !== null && (
          <p role="status" className="notice">
            {dropped} item(s) dropped.
          </p>
        )}
        <Current />
      </main>
      <DropOverlay onDrop={onDrop} />
    </div>
  );
}

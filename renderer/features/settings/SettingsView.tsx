import { useCall } from '../../components/useCall';
import { transport } from '../../api/kb';
import { useTheme, type ThemeChoice } from '../../stores/theme-store';

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsView() {
  const info = useCall('app.info');
  const { choice, setChoice } = useTheme();
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <fieldset>
        <legend>Theme</legend>
        {THEMES.map((t) => (
          <label key={t.value} className="radio">
            <input type="radio" name="theme" value={t.value} checked={choice === t.value} onChange={() => setChoice(t.value)} />
            {t.label}
          </label>
        ))}
      </fieldset>
      <h2>About</h2>
      {info.status === 'error' && <p role="alert">{info.message}</p>}
      {info.status === 'done' && (
        <dl className="facts" aria-label="About this app">
          <dt>Version</dt>
          <dd>{info.value.version}</dd>
          <dt>Library</dt>
          <dd data-testid="library-path">{info.value.libraryPath}</dd>
          <dt>Transport</dt>
          <dd data-testid="transport">{info.value.transport}</dd>
          <dt>Platform</dt>
          <dd>
            {info.value.platform} {info.value.arch}
          </dd>
          <dt>SQLite</dt>
          <dd>{info.value.versions.sqlite ?? '—'}</dd>
        </dl>
      )}
      <p className="muted">Connected through {transport === 'electron' ? 'the desktop app' : 'browser mode'}.</p>
    </section>
  );
}

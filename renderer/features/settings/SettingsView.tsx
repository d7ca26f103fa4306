import { useEffect, useId } from 'react';
import { DEFAULT_ALERT_RULES } from '../../../shared/channels/monitor';
import { transport } from '../../api/kb';
import { useSettings } from '../../stores/settings-store';
import { useTheme, type ThemeChoice } from '../../stores/theme-store';
import { RULES, type FieldSpec } from './rule-fields';

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsView() {
  const { info, infoError, pool } = useSettings();
  const { choice, setChoice } = useTheme();

  useEffect(() => {
    void useSettings.getState().load();
  }, []);

  return (
    <section aria-labelledby="settings-title" className="view view--settings">
      <div className="view__header">
        <h1 id="settings-title">Settings</h1>
      </div>

      <div className="card">
        <fieldset className="fieldset">
          <legend>Theme</legend>
          <div className="segmented" role="radiogroup" aria-label="Theme">
            {THEMES.map((t) => (
              <label key={t.value} className="radio">
                <input type="radio" name="theme" value={t.value} checked={choice === t.value} onChange={() => setChoice(t.value)} />
                {t.label}
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      <div className="card">
        <h2>Library</h2>
        {infoError && <p role="alert">{infoError}</p>}
        <dl className="facts" aria-label="About this app">
          <dt>Location</dt>
          <dd data-testid="library-path">{info?.libraryPath ?? '…'}</dd>
          <dt>Worker processes</dt>
          <dd>{pool.workers ?? '—'}</dd>
          <dt>Reader threads</dt>
          <dd>{pool.readers ?? '—'}</dd>
          <dt>Version</dt>
          <dd>{info?.version ?? '…'}</dd>
          <dt>Transport</dt>
          <dd data-testid="transport">{info?.transport ?? '…'}</dd>
          <dt>Platform</dt>
          <dd>{info ? `${info.platform} ${info.arch}` : '…'}</dd>
          <dt>SQLite</dt>
          <dd>{info?.versions.sqlite ?? '—'}</dd>
        </dl>
        <p className="muted">
          The library location and pool sizes are chosen when the app starts. Connected through {transport === 'electron' ? 'the desktop app' : 'browser mode'}.
        </p>
      </div>

      <SamplingInterval />
      <AlertRulesForm />
    </section>
  );
}

function SamplingInterval() {
  const { interval, intervalError, intervalStatus } = useSettings();
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void useSettings.getState().saveInterval();
      }}
    >
      <h2>Monitoring</h2>
      <div className="field-row">
        <NumberField
          label="Sampling interval"
          unit="s"
          value={interval}
          error={intervalError ?? undefined}
          onChange={(value) => useSettings.getState().setInterval(value)}
        />
        <button type="submit" className="button">
          Apply
        </button>
        <span role="status" className="muted">
          {intervalStatus === 'saved' ? 'Applied' : intervalStatus === 'saving' ? 'Applying…' : ''}
        </span>
      </div>
    </form>
  );
}

function AlertRulesForm() {
  const { draft, rulesError, fieldErrors, rulesStatus } = useSettings();
  if (!draft) return rulesError ? <p role="alert">{rulesError}</p> : null;
  const invalid = Object.keys(fieldErrors).length > 0;

  return (
    <form
      className="card"
      aria-labelledby="alert-rules-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void useSettings.getState().saveRules();
      }}
    >
      <h2 id="alert-rules-title">Alert thresholds</h2>
      <p className="muted">An alert fires when a figure stays above its threshold for the given time, and clears once it stays below the lower bound as long.</p>
      {RULES.map((rule) => {
        const entry = draft[rule.id]!;
        return (
          <fieldset key={rule.id} className="fieldset rule">
            <legend>{rule.label}</legend>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={entry.enabled}
                onChange={(e) => useSettings.getState().editRule(rule.id, { enabled: e.target.checked })}
              />
              Enabled
            </label>
            <div className="field-row">
              {rule.fields.map((field) => (
                <RuleField key={field.key} ruleId={rule.id} field={field} value={entry.values[field.key] ?? ''} error={fieldErrors[`${rule.id}.${field.key}`]} />
              ))}
            </div>
            {fieldErrors[rule.id] && <p className="field__error">{fieldErrors[rule.id]}</p>}
          </fieldset>
        );
      })}
      {rulesError && (
        <p role="alert" className="message message--error">
          {rulesError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={rulesStatus === 'saving'}>
          Save thresholds
        </button>
        <button type="button" className="button button--ghost" onClick={() => useSettings.getState().resetRules(DEFAULT_ALERT_RULES)}>
          Restore defaults
        </button>
        <span role="status" className="muted">
          {invalid ? 'Fix the fields marked in red.' : rulesStatus === 'saved' ? 'Saved' : rulesStatus === 'saving' ? 'Saving…' : ''}
        </span>
      </div>
    </form>
  );
}

function RuleField({ ruleId, field, value, error }: { ruleId: string; field: FieldSpec; value: string; error?: string }) {
  return (
    <NumberField
      label={field.label}
      unit={field.unit}
      value={value}
      error={error}
      onChange={(next) => useSettings.getState().editRule(ruleId, { key: field.key, value: next })}
    />
  );
}

/** A labelled number input with its unit and, when invalid, its error announced to assistive tech. */
function NumberField({ label, unit, value, error, onChange }: { label: string; unit?: string; value: string; error?: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <span className="field__input">
        <input
          id={id}
          className="input input--number"
          inputMode="decimal"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {unit && <span className="field__unit">{unit}</span>}
      </span>
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}

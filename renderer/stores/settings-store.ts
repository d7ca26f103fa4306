import { create } from 'zustand';
import type { AppInfo } from '../../shared/channels/app';
import { monitorChannels, type AlertRules } from '../../shared/channels/monitor';
import { call } from '../api/kb';
import { messageOf } from '../components/format';
import { friendly, fromDraft, toDraft, type Draft } from '../features/settings/rule-fields';

interface SettingsState {
  info: AppInfo | null;
  infoError: string | null;
  draft: Draft | null;
  rulesError: string | null;
  fieldErrors: Record<string, string>;
  rulesStatus: 'idle' | 'saving' | 'saved';
  /** Sampling interval as typed, in seconds. */
  interval: string;
  intervalError: string | null;
  intervalStatus: 'idle' | 'saving' | 'saved';
  pool: { workers: number | null; readers: number | null };
  load(): Promise<void>;
  editRule(ruleId: string, patch: { enabled?: boolean; key?: string; value?: string }): void;
  saveRules(): Promise<void>;
  resetRules(rules: AlertRules): void;
  setInterval(text: string): void;
  saveInterval(): Promise<void>;
}

const IntervalInput = monitorChannels['monitor.setInterval'].input;

export const useSettings = create<SettingsState>((set, get) => ({
  info: null,
  infoError: null,
  draft: null,
  rulesError: null,
  fieldErrors: {},
  rulesStatus: 'idle',
  interval: '',
  intervalError: null,
  intervalStatus: 'idle',
  pool: { workers: null, readers: null },

  async load() {
    const [info, rules, snapshot] = await Promise.allSettled([
      call('app.info'),
      call('monitor.rules.get'),
      call('monitor.snapshot', { window: '1m', maxPoints: 10 }),
    ]);
    set({
      info: info.status === 'fulfilled' ? info.value : null,
      infoError: info.status === 'rejected' ? messageOf(info.reason) : null,
      draft: rules.status === 'fulfilled' ? toDraft(rules.value) : null,
      rulesError: rules.status === 'rejected' ? messageOf(rules.reason) : null,
      fieldErrors: {},
    });
    if (snapshot.status === 'fulfilled') {
      const latest = snapshot.value.latest;
      set({
        interval: latest ? String(latest.intervalMs / 1000) : get().interval || '1',
        pool: { workers: latest?.pool?.size ?? null, readers: latest?.readerPool?.size ?? null },
      });
    } else if (!get().interval) set({ interval: '1' });
  },

  editRule(ruleId, { enabled, key, value }) {
    const draft = get().draft;
    if (!draft) return;
    const entry = draft[ruleId]!;
    const next = {
      ...draft,
      [ruleId]: { enabled: enabled ?? entry.enabled, values: key ? { ...entry.values, [key]: value ?? '' } : entry.values },
    };
    // Re-validate as the user types, so an error clears as soon as it is fixed.
    const checked = fromDraft(next);
    set({ draft: next, fieldErrors: checked.errors ?? {}, rulesStatus: 'idle' });
  },

  async saveRules() {
    const draft = get().draft;
    if (!draft) return;
    const checked = fromDraft(draft);
    if (!checked.rules) {
      set({ fieldErrors: checked.errors });
      return;
    }
    set({ rulesStatus: 'saving', rulesError: null });
    try {
      const saved = await call('monitor.rules.set', checked.rules);
      set({ draft: toDraft(saved), rulesStatus: 'saved', fieldErrors: {} });
    } catch (error) {
      set({ rulesError: messageOf(error), rulesStatus: 'idle' });
    }
  },

  resetRules(rules) {
    set({ draft: toDraft(rules), fieldErrors: {}, rulesStatus: 'idle' });
  },

  setInterval(text) {
    set({ interval: text, intervalStatus: 'idle', intervalError: checkInterval(text).error });
  },

  async saveInterval() {
    const { seconds, error } = checkInterval(get().interval);
    if (seconds === null) {
      set({ intervalError: error });
      return;
    }
    set({ intervalStatus: 'saving' });
    try {
      const { intervalMs } = await call('monitor.setInterval', { seconds });
      set({ interval: String(intervalMs / 1000), intervalStatus: 'saved', intervalError: null });
    } catch (error) {
      set({ intervalError: messageOf(error), intervalStatus: 'idle' });
    }
  },
}));

function checkInterval(text: string): { seconds: number; error: null } | { seconds: null; error: string } {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) return { seconds: null, error: 'Enter a number of seconds' };
  const parsed = IntervalInput.safeParse({ seconds: value });
  return parsed.success ? { seconds: parsed.data.seconds, error: null } : { seconds: null, error: `${friendly(parsed.error.issues[0]!.message)} seconds` };
}

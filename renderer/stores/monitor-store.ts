import { create } from 'zustand';
import type { ChannelStat } from '../../shared/channels/app';
import {
  DEFAULT_ALERT_RULES,
  type Alert,
  type AlertRules,
  type MonitorAlertEvent,
  type MonitorHistory,
  type MonitorSample,
  type MonitorWindow,
} from '../../shared/channels/monitor';
import {
  hourBuckets,
  pointFromSample,
  pointsFromHistory,
  pointsInWindow,
  updateHourBuckets,
  WINDOW_MS,
  type ChartPoint,
} from '../features/dashboard/chart-points';

/** Bounds that keep the store's memory flat however long the dashboard stays open. */
export const LIMITS = {
  /** Full-resolution points: one hour at 1 Hz. */
  recentPoints: 3600,
  /** Minute points for the 24 h window, plus slack for the live minutes appended to it. */
  dailyPoints: 1500,
  alertHistory: 200,
};
const MINUTE_MS = 60_000;

export interface MonitorState {
  latest: MonitorSample | null;
  /** The last hour at sample resolution, oldest first. */
  recent: ChartPoint[];
  /** `recent` in clock-aligned 10 s averages: the 1 h chart, kept up to date one bucket at a time. */
  hourly: ChartPoint[];
  /** Minute aggregates of the last 24 h, loaded when that window is first chosen. */
  daily: ChartPoint[] | null;
  window: MonitorWindow;
  paused: boolean;
  /** What the charts draw: the chosen window of history, frozen while paused. */
  shown: ChartPoint[];
  alerts: { active: Alert[]; history: Alert[] };
  rules: AlertRules;
  channels: ChannelStat[];
  /** Samples received since the dashboard opened; counts on while paused. */
  received: number;
  error: string | null;

  ingestSample(sample: MonitorSample): void;
  ingestAlert(event: MonitorAlertEvent): void;
  setRecentHistory(history: MonitorHistory): void;
  setDailyHistory(history: MonitorHistory): void;
  setAlerts(alerts: { active: Alert[]; history: Alert[] }): void;
  setRules(rules: AlertRules): void;
  setChannels(channels: ChannelStat[]): void;
  setWindow(window: MonitorWindow): void;
  setPaused(paused: boolean): void;
  setError(message: string | null): void;
  reset(): void;
}

type Data = Omit<MonitorState, { [K in keyof MonitorState]: MonitorState[K] extends (...args: never[]) => unknown ? K : never }[keyof MonitorState]>;

const initial = (): Data => ({
  latest: null,
  recent: [],
  hourly: [],
  daily: null,
  window: '5m',
  paused: false,
  shown: [],
  alerts: { active: [], history: [] },
  rules: DEFAULT_ALERT_RULES,
  channels: [],
  received: 0,
  error: null,
});

type ShownInputs = Pick<Data, 'recent' | 'hourly' | 'daily' | 'window' | 'paused' | 'shown'>;

/** The chart data for the state's window, unless paused (then the frozen data stays). */
function shownFor(state: ShownInputs, force = false): ChartPoint[] {
  if (state.paused && !force) return state.shown;
  if (state.window === '1h' || (state.window === '24h' && !state.daily)) return state.hourly;
  if (state.window === '24h') return pointsInWindow(state.daily!, '24h');
  return pointsInWindow(state.recent, state.window);
}

function appendBounded<T>(list: readonly T[], item: T, max: number): T[] {
  const next = list.length >= max ? list.slice(list.length - max + 1) : list.slice();
  next.push(item);
  return next;
}

/** Drops points older than an hour before the newest and keeps at most `max`. */
function trimRecent(points: ChartPoint[]): ChartPoint[] {
  const newest = points[points.length - 1];
  if (!newest) return points;
  const from = newest.ts - WINDOW_MS['1h'];
  let first = Math.max(0, points.length - LIMITS.recentPoints);
  while (first < points.length && points[first]!.ts < from) first++;
  return first === 0 ? points : points.slice(first);
}

/** Newest first, one entry per alert id, bounded. */
function mergeHistory(history: readonly Alert[], alert: Alert): Alert[] {
  return [alert, ...history.filter((a) => a.id !== alert.id)].slice(0, LIMITS.alertHistory);
}

/**
 * Live monitor state for the Dashboard, fed by the `monitor.sample` and `monitor.alert` events
 * (see features/dashboard/monitor-feed.ts). History is bounded, so memory stays flat.
 */
export const useMonitorStore = create<MonitorState>((set) => ({
  ...initial(),

  ingestSample(sample) {
    set((state) => {
      const point = pointFromSample(sample);
      const last = state.recent[state.recent.length - 1];
      // A sample older than the newest point (e.g. after a snapshot raced the first event) is kept out of the series.
      const recent = last && last.ts >= point.ts ? state.recent : trimRecent(appendBounded(state.recent, point, LIMITS.recentPoints));
      const lastMinute = state.daily?.[state.daily.length - 1];
      const daily =
        state.daily && (!lastMinute || point.ts - lastMinute.ts >= MINUTE_MS)
          ? appendBounded(state.daily, point, LIMITS.dailyPoints)
          : state.daily;
      const hourly = recent === state.recent ? state.hourly : updateHourBuckets(state.hourly, recent);
      // The 24 h chart moves once a minute, when a point is added to it.
      const unchanged = state.window === '24h' && state.daily !== null && daily === state.daily;
      return {
        latest: sample,
        recent,
        hourly,
        daily,
        shown: unchanged ? state.shown : shownFor({ ...state, recent, hourly, daily }),
        alerts: { active: sample.alerts, history: state.alerts.history },
        received: state.received + 1,
      };
    });
  },

  ingestAlert({ state: change, alert }) {
    set((state) => {
      const others = state.alerts.active.filter((a) => a.rule !== alert.rule);
      return change === 'fired'
        ? { alerts: { active: [...others, alert], history: state.alerts.history } }
        : { alerts: { active: others, history: mergeHistory(state.alerts.history, alert) } };
    });
  },

  setRecentHistory(history) {
    set((state) => {
      const fetched = pointsFromHistory(history);
      const after = fetched[fetched.length - 1]?.ts ?? -Infinity;
      // Live samples that arrived while the snapshot was on its way come after it.
      const recent = trimRecent([...fetched, ...state.recent.filter((p) => p.ts > after)].slice(-LIMITS.recentPoints));
      const hourly = hourBuckets(recent);
      return { recent, hourly, shown: shownFor({ ...state, recent, hourly }) };
    });
  },

  setDailyHistory(history) {
    set((state) => {
      const daily = pointsFromHistory(history).slice(-LIMITS.dailyPoints);
      return { daily, shown: shownFor({ ...state, daily }) };
    });
  },

  setAlerts({ active, history }) {
    set({ alerts: { active, history: [...history].reverse().slice(0, LIMITS.alertHistory) } });
  },

  setRules(rules) {
    set({ rules });
  },

  setChannels(channels) {
    set({ channels });
  },

  setWindow(window) {
    set((state) => ({ window, shown: shownFor({ ...state, window }, true) }));
  },

  setPaused(paused) {
    set((state) => ({ paused, shown: paused ? state.shown : shownFor({ ...state, paused }) }));
  },

  setError(error) {
    set({ error });
  },

  reset() {
    set(initial());
  },
}));

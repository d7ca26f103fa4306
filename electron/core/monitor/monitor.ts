import {
  AlertRules,
  DEFAULT_ALERT_RULES,
  type Alert,
  type AlertRulesPatch,
  type DatabaseFigures,
  type MonitorHistory,
  type MonitorSample,
  type MonitorWindow,
  type PoolFigures,
  type ProcessRole,
  type ProcessSample,
  type ReaderPoolFigures,
} from '../../../shared/channels/monitor';
import type { ChannelStat } from '../../../shared/channels/app';
import type { EventHub } from '../api/event-hub';
import type { AggregateStore } from './aggregate-store';
import { AlertEngine } from './alert-engine';
import { EventLoopDelayMeter } from './event-loop-delay';
import { GrowthDetector } from './growth-detector';
import { MinuteAggregator, type MinuteAggregate } from './minute-aggregator';
import { linuxChildPids } from './proc-probe';
import { ProcessSampler, type ProcessRef } from './process-sampler';
import { downsample, SampleHistory, type SeriesTable } from './sample-history';
import { sampleSeries, WINDOW_MS } from '../../../shared/monitor-series';

/** A pool worker as the pool knows it; `heapBytes` if the worker reports it. */
export interface WorkerInfo {
  pid: number;
  name: string;
  role?: ProcessRole;
  heapBytes?: number | null;
}

/** A process someone else measures (Electron's `app.getAppMetrics()`: renderers, GPU); see electron-metrics.ts. */
export interface ExtraProcessInfo {
  pid: number;
  role: ProcessRole;
  name: string;
  rssBytes?: number | null;
  heapBytes?: number | null;
  cpuPercent?: number | null;
  fds?: number | null;
  threads?: number | null;
}

/** Plain functions other services provide; each is optional and may throw without harm. */
export interface MonitorSources {
  workers?: () => readonly WorkerInfo[];
  pool?: () => PoolFigures;
  readerPool?: () => ReaderPoolFigures;
  channelStats?: () => ChannelStat[];
  database?: () => DatabaseFigures;
  /** Documents imported per second, recently. */
  importRate?: () => number;
}

export interface MonitorOptions {
  events: EventHub;
  /** How this process is listed: 'main' in Electron, 'host' for browser mode, 'cli' for skr. */
  self?: { role: ProcessRole; name: string };
  sources?: MonitorSources;
  /** Electron main provides this (renderers, GPU); core never imports electron. */
  extraProcessSource?: () => readonly ExtraProcessInfo[];
  intervalMs?: number;
  /** Minute aggregates, alerts and rules; without one, history ends at the in-memory hour. */
  store?: AggregateStore | null;
  retentionDays?: number;
  /** Rules to start with; otherwise the stored ones, otherwise the defaults. */
  rules?: AlertRules;
  /** Also list child processes of this one found in /proc (Linux), e.g. for `skr monitor`. */
  discoverChildren?: boolean;
  platform?: NodeJS.Platform;
  clock?: () => number;
  log?: (message: string) => void;
}

export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface ReportData {
  generatedAt: number;
  startedAt: number;
  intervalMs: number;
  latest: MonitorSample | null;
  lastHour: SeriesTable;
  alerts: { active: Alert[]; history: Alert[] };
  rules: AlertRules;
  channels: ChannelStat[];
}

/**
 * Samples every process of the app at a fixed interval, keeps an hour at full resolution and
 * minute aggregates in the store, evaluates the alert rules, and emits `monitor.sample` and
 * `monitor.alert` on the event hub.
 */
export class Monitor {
  readonly events: EventHub;
  private intervalMsValue: number;
  private readonly sources: MonitorSources;
  private readonly self: { role: ProcessRole; name: string };
  private readonly sampler: ProcessSampler;
  private readonly eventLoop = new EventLoopDelayMeter();
  private readonly history: SampleHistory;
  private readonly aggregator = new MinuteAggregator();
  private readonly alertEngine: AlertEngine;
  private growth: GrowthDetector;
  private rulesValue: AlertRules;
  private readonly clock: () => number;
  private readonly log: (message: string) => void;
  private readonly store: AggregateStore | null;
  private readonly retentionMs: number;
  private readonly startedAt: number;
  private readonly failingSources = new Set<string>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | null = null;
  private latestSample: MonitorSample | null = null;
  private lastPruneAt = 0;

  constructor(private readonly options: MonitorOptions) {
    this.events = options.events;
    this.sources = options.sources ?? {};
    this.self = options.self ?? { role: 'main', name: 'main' };
    this.sampler = new ProcessSampler(options.platform);
    this.clock = options.clock ?? Date.now;
    this.log = options.log ?? ((m) => console.error(m));
    this.store = options.store ?? null;
    this.retentionMs = (options.retentionDays ?? 7) * DAY_MS;
    this.intervalMsValue = checkInterval(options.intervalMs ?? 1000);
    this.history = new SampleHistory(historyCapacity(this.intervalMsValue));
    this.startedAt = this.clock();
    this.rulesValue = options.rules ?? this.storedRules() ?? DEFAULT_ALERT_RULES;
    this.growth = this.newGrowthDetector();
    this.alertEngine = new AlertEngine(
      this.rulesValue,
      (state, alert) => this.onAlert(state, alert),
      this.storedAlerts(),
    );
    this.unsubscribe = this.events.subscribe('resource.warning', (w) =>
      this.alertEngine.noteCallMemory(w),
    );
    this.prune(this.startedAt);
  }

  get intervalMs(): number {
    return this.intervalMsValue;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.eventLoop.start();
    this.timer = setInterval(() => this.safeTick(), this.intervalMsValue);
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops sampling, persists the minute in progress and lets go of the event hub. */
  close(): void {
    this.stop();
    this.eventLoop.stop();
    this.unsubscribe();
    const partial = this.aggregator.flush();
    if (partial) this.persist(partial);
  }

  setIntervalSeconds(seconds: number): number {
    this.intervalMsValue = checkInterval(Math.round(seconds * 1000));
    this.history.resize(historyCapacity(this.intervalMsValue));
    if (this.timer) {
      this.stop();
      this.start();
    }
    return this.intervalMsValue;
  }

  /** Takes one sample now. The timer calls this; `skr monitor` and tests call it directly. */
  tick(now = this.clock()): MonitorSample {
    this.eventLoop.start();
    const processes = this.sampler.sample(this.processRefs(), now);
    const eventLoopDelayMs = this.eventLoop.read();
    const readerPool = this.read('readerPool', this.sources.readerPool);
    const rssKnown = processes.filter((p) => p.rssBytes !== null);
    const cpuKnown = processes.filter((p) => p.cpuPercent !== null);
    const totals = {
      rssBytes: rssKnown.reduce((sum, p) => sum + p.rssBytes!, 0),
      cpuPercent: cpuKnown.length ? cpuKnown.reduce((sum, p) => sum + p.cpuPercent!, 0) : null,
    };
    this.growth.add(now, rssKnown.length ? totals.rssBytes : null);
    const growth = this.growth.estimate();
    const busiest = processes.reduce<ProcessSample | null>(
      (a, p) => (p.fds !== null && p.fds > (a?.fds ?? -1) ? p : a),
      null,
    );
    this.alertEngine.evaluate(now, {
      appRssBytes: rssKnown.length ? totals.rssBytes : null,
      growth,
      handles: busiest ? { value: busiest.fds!, subject: busiest.name } : null,
      readerPoolPercent: readerPool?.utilizationPercent ?? null,
      mainCpuPercent: processes.find((p) => p.pid === process.pid)?.cpuPercent ?? null,
      eventLoopP99Ms: eventLoopDelayMs.p99,
    });

    const sample: MonitorSample = {
      ts: now,
      intervalMs: this.intervalMsValue,
      processes,
      totals,
      eventLoopDelayMs,
      pool: this.read('pool', this.sources.pool),
      readerPool,
      database: this.read('database', this.sources.database),
      importRate: this.read('importRate', this.sources.importRate),
      memoryGrowth: growth,
      alerts: this.alertEngine.active(),
    };
    const series = sampleSeries(sample);
    this.history.push(now, series);
    const minute = this.aggregator.add(now, series);
    if (minute) this.persist(minute);
    this.latestSample = sample;
    this.events.emit('monitor.sample', sample);
    return sample;
  }

  latest(): MonitorSample | null {
    return this.latestSample;
  }

  /** History for a window: full resolution from memory up to an hour, minute aggregates beyond. */
  historyFor(window: MonitorWindow, maxPoints = 720): MonitorHistory {
    const now = this.clock();
    if (window === '24h' && this.store) {
      const minutes = this.readMinutes(now - DAY_MS, now);
      return { window, ...downsampleAggregates(minutes, maxPoints) };
    }
    const full = this.history.since(now - WINDOW_MS[window]);
    const table = downsample(full, maxPoints);
    const perPoint = full.ts.length > maxPoints ? Math.ceil(full.ts.length / maxPoints) : 1;
    return { window, resolutionMs: this.intervalMsValue * perPoint, ...table };
  }

  /** Raw samples (full resolution; minute aggregates for 24h) for the exports. */
  rawHistory(
    window: MonitorWindow,
  ): SeriesTable & { min?: SeriesTable['series']; max?: SeriesTable['series'] } {
    const now = this.clock();
    if (window === '24h' && this.store) return minutesToTable(this.readMinutes(now - DAY_MS, now));
    return this.history.since(now - WINDOW_MS[window]);
  }

  processes(): ProcessSample[] {
    return (this.latestSample ?? this.tick()).processes;
  }

  alerts(): { active: Alert[]; history: Alert[] } {
    return { active: this.alertEngine.active(), history: this.alertEngine.history() };
  }

  channelStats(): ChannelStat[] {
    return this.read('channelStats', this.sources.channelStats) ?? [];
  }

  rules(): AlertRules {
    return this.rulesValue;
  }

  /** Merges a patch into the rules; throws a ZodError naming the field when the result is invalid. */
  setRules(patch: AlertRulesPatch): AlertRules {
    const merged = { ...this.rulesValue } as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      merged[key] = { ...(this.rulesValue[key as keyof AlertRules] as object), ...value };
    }
    const rules = AlertRules.parse(merged);
    const growthChanged =
      rules.memoryGrowth.windowMinutes !== this.rulesValue.memoryGrowth.windowMinutes ||
      rules.memoryGrowth.warmupMinutes !== this.rulesValue.memoryGrowth.warmupMinutes;
    this.rulesValue = rules;
    if (growthChanged) this.growth = this.newGrowthDetector();
    this.alertEngine.setRules(rules, this.clock());
    this.guard('store', () => this.store?.saveRules(rules));
    return rules;
  }

  reportData(): ReportData {
    const now = this.clock();
    return {
      generatedAt: now,
      startedAt: this.startedAt,
      intervalMs: this.intervalMsValue,
      latest: this.latestSample,
      lastHour: this.history.since(now - HOUR_MS),
      alerts: this.alerts(),
      rules: this.rulesValue,
      channels: this.channelStats(),
    };
  }

  /** Bytes held by the in-memory history (for the overhead benchmark). */
  historyBytes(): number {
    return this.history.byteSize();
  }

  private safeTick(): void {
    try {
      this.tick();
    } catch (error) {
      this.log(
        `[monitor] sampling failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private processRefs(): ProcessRef[] {
    const refs: ProcessRef[] = [{ pid: process.pid, role: this.self.role, name: this.self.name }];
    const seen = new Set([process.pid]);
    const names = new Set([this.self.name]);
    const add = (ref: ProcessRef) => {
      if (seen.has(ref.pid)) return;
      seen.add(ref.pid);
      const name = names.has(ref.name) ? `${ref.name}-${ref.pid}` : ref.name;
      names.add(name);
      refs.push({ ...ref, name });
    };
    for (const w of this.read('workers', this.sources.workers) ?? []) {
      add({
        pid: w.pid,
        role: w.role ?? 'worker',
        name: w.name,
        known: { heapBytes: w.heapBytes ?? null },
      });
    }
    for (const p of this.read('extraProcessSource', this.options.extraProcessSource) ?? []) {
      const { pid, role, name, ...known } = p;
      add({ pid, role, name, known });
    }
    if (this.options.discoverChildren && (this.options.platform ?? process.platform) === 'linux') {
      for (const pid of linuxChildPids(process.pid))
        add({ pid, role: 'other', name: `child-${pid}` });
    }
    return refs;
  }

  /** Calls a source; a failing one gives null and is logged once until it recovers. */
  private read<T>(name: string, source: (() => T) | undefined): T | null {
    if (!source) return null;
    try {
      const value = source();
      this.failingSources.delete(name);
      return value;
    } catch (error) {
      if (!this.failingSources.has(name)) {
        this.failingSources.add(name);
        this.log(
          `[monitor] source ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return null;
    }
  }

  private guard(name: string, fn: () => void): void {
    this.read(name, fn);
  }

  private onAlert(state: 'fired' | 'resolved', alert: Alert): void {
    this.guard('store', () => this.store?.saveAlert(alert));
    this.events.emit('monitor.alert', { state, alert });
  }

  private persist(minute: MinuteAggregate): void {
    this.guard('store', () => this.store?.appendMinute(minute));
    if (minute.minute - this.lastPruneAt >= HOUR_MS) this.prune(minute.minute);
  }

  private prune(now: number): void {
    this.lastPruneAt = now;
    this.guard('store', () => this.store?.pruneBefore(now - this.retentionMs));
  }

  private readMinutes(from: number, to: number): MinuteAggregate[] {
    return this.read('store', () => this.store!.readMinutes(from, to)) ?? [];
  }

  private storedRules(): AlertRules | null {
    const stored = this.read('store', () => this.store?.loadRules());
    if (stored === null || stored === undefined) return null;
    const parsed = AlertRules.safeParse(stored);
    if (!parsed.success) this.log('[monitor] stored alert rules are invalid; using the defaults');
    return parsed.success ? parsed.data : null;
  }

  /** Alerts of the retention period; ones left active by an earlier run are closed as of now. */
  private storedAlerts(): Alert[] {
    const alerts =
      this.read('store', () => this.store?.readAlerts(this.startedAt - this.retentionMs)) ?? [];
    return alerts.map((a) => {
      if (a.resolvedAt !== null) return a;
      const closed = { ...a, resolvedAt: this.startedAt };
      this.guard('store', () => this.store?.saveAlert(closed));
      return closed;
    });
  }

  private newGrowthDetector(): GrowthDetector {
    const rule = this.rulesValue.memoryGrowth;
    return new GrowthDetector(
      { windowMs: rule.windowMinutes * 60_000, warmupMs: rule.warmupMinutes * 60_000 },
      this.startedAt,
    );
  }
}

function checkInterval(ms: number): number {
  if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS)) {
    throw new RangeError(`the sampling interval must be 0.25–60 s, got ${ms / 1000} s`);
  }
  return ms;
}

/** One hour at full resolution. */
function historyCapacity(intervalMs: number): number {
  return Math.ceil(HOUR_MS / intervalMs);
}

function minutesToTable(
  minutes: MinuteAggregate[],
): SeriesTable & { min: SeriesTable['series']; max: SeriesTable['series'] } {
  const keys = new Set(minutes.flatMap((m) => Object.keys(m.series)));
  const pick = (i: 0 | 1 | 2) =>
    Object.fromEntries([...keys].map((k) => [k, minutes.map((m) => m.series[k]?.[i] ?? null)]));
  return { ts: minutes.map((m) => m.minute), series: pick(1), min: pick(0), max: pick(2) };
}

/** Merges runs of minutes so at most maxPoints remain, keeping the true min and max of each run. */
function downsampleAggregates(
  minutes: MinuteAggregate[],
  maxPoints: number,
): Omit<MonitorHistory, 'window'> {
  const table = minutesToTable(minutes);
  if (minutes.length <= maxPoints) return { resolutionMs: 60_000, ...table };
  const avg = downsample(table, maxPoints);
  const size = Math.ceil(minutes.length / maxPoints);
  const fold = (series: SeriesTable['series'], pickFn: (...values: number[]) => number) =>
    Object.fromEntries(
      Object.entries(series).map(([k, values]) => {
        const out: (number | null)[] = [];
        for (let i = 0; i < values.length; i += size) {
          const known = values.slice(i, i + size).filter((v): v is number => v !== null);
          out.push(known.length ? pickFn(...known) : null);
        }
        return [k, out];
      }),
    );
  return {
    resolutionMs: 60_000 * size,
    ...avg,
    min: fold(table.min, Math.min),
    max: fold(table.max, Math.max),
  };
}

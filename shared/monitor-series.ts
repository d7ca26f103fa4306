import type { MonitorSample, MonitorWindow } from './channels/monitor';

/**
 * Flattens a sample into named series for the history, the minute aggregates and the exports.
 * Per-process series are keyed by the process's stable name: `proc.<name>.<figure>`.
 */
export function sampleSeries(sample: MonitorSample): Map<string, number | null> {
  const s = new Map<string, number | null>([
    ['app.rssBytes', sample.totals.rssBytes],
    ['app.cpuPercent', sample.totals.cpuPercent],
    ['el.p50Ms', sample.eventLoopDelayMs.p50],
    ['el.p99Ms', sample.eventLoopDelayMs.p99],
    ['el.maxMs', sample.eventLoopDelayMs.max],
    ['pool.busy', sample.pool?.busy ?? null],
    ['pool.queued', sample.pool?.queued ?? null],
    ['pool.restarts', sample.pool?.restarts ?? null],
    ['reader.utilizationPercent', sample.readerPool?.utilizationPercent ?? null],
    ['reader.waitMsP99', sample.readerPool?.waitMsP99 ?? null],
    ['db.bytes', sample.database?.dbBytes ?? null],
    ['db.walBytes', sample.database?.walBytes ?? null],
    ['import.rate', sample.importRate],
    ['growth.percentPerHour', sample.memoryGrowth?.percentPerHour ?? null],
    ['alerts.active', sample.alerts.length],
  ]);
  for (const p of sample.processes) {
    s.set(`proc.${p.name}.rssBytes`, p.rssBytes);
    s.set(`proc.${p.name}.heapBytes`, p.heapBytes);
    s.set(`proc.${p.name}.cpuPercent`, p.cpuPercent);
    s.set(`proc.${p.name}.fds`, p.fds);
    s.set(`proc.${p.name}.threads`, p.threads);
  }
  for (const t of sample.readerPool?.threads ?? []) {
    s.set(`reader.${t.name}.utilizationPercent`, t.utilizationPercent);
    s.set(`reader.${t.name}.heapBytes`, t.heapBytes);
  }
  return s;
}

export const WINDOW_MS: Record<MonitorWindow, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
};

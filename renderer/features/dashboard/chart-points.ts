import type { MonitorHistory, MonitorSample, MonitorWindow } from '../../../shared/channels/monitor';
import { sampleSeries, WINDOW_MS } from '../../../shared/monitor-series';

export { WINDOW_MS };

/**
 * One tick as the charts read it: `ts` plus flat figures keyed like the core's history series
 * (`proc.<name>.rssBytes`, `el.p99Ms`, `pool.busy`, …), so a live sample and a fetched history
 * row have the same shape.
 */
export type ChartPoint = { ts: number } & Record<string, number | null>;

export const PROCESS_FIGURES = ['rssBytes', 'cpuPercent', 'fds', 'threads'] as const;
export type ProcessFigure = (typeof PROCESS_FIGURES)[number];

export const processKey = (name: string, figure: ProcessFigure) => `proc.${name}.${figure}`;

/** Most points a chart draws; longer windows are averaged down to this. */
export const MAX_CHART_POINTS = 360;

export function pointFromSample(sample: MonitorSample): ChartPoint {
  return { ts: sample.ts, ...Object.fromEntries(sampleSeries(sample)) };
}

/** Turns the core's columnar history into points (`ts[i]` pairs with `series[key][i]`). */
export function pointsFromHistory(history: MonitorHistory): ChartPoint[] {
  const entries = Object.entries(history.series);
  return history.ts.map((ts, i) => {
    const point: ChartPoint = { ts };
    for (const [key, values] of entries) point[key] = values[i] ?? null;
    return point;
  });
}

/** Names of the processes that appear anywhere in the points, in order of first appearance. */
export function processNames(points: readonly ChartPoint[], figure: ProcessFigure): string[] {
  const names = new Set<string>();
  const suffix = `.${figure}`;
  for (const point of points) {
    for (const key in point) {
      if (key.startsWith('proc.') && key.endsWith(suffix) && point[key] != null) names.add(key.slice(5, -suffix.length));
    }
  }
  return [...names];
}

/** The mean of each figure over the points (nulls ignored); `ts` is the newest point's. */
export function averagePoints(points: readonly ChartPoint[]): ChartPoint {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const point of points) {
    for (const key in point) {
      const value = point[key];
      if (key === 'ts' || value == null) continue;
      const acc = sums.get(key);
      if (acc) {
        acc.sum += value;
        acc.count++;
      } else sums.set(key, { sum: value, count: 1 });
    }
  }
  const merged: ChartPoint = { ts: points[points.length - 1]!.ts };
  for (const [key, { sum, count }] of sums) merged[key] = sum / count;
  return merged;
}

/** Averages consecutive points into at most `max` buckets; a bucket keeps its last timestamp. */
export function downsamplePoints(points: readonly ChartPoint[], max: number): ChartPoint[] {
  if (points.length <= max) return points as ChartPoint[];
  const size = Math.ceil(points.length / max);
  const out: ChartPoint[] = [];
  for (let start = 0; start < points.length; start += size) out.push(averagePoints(points.slice(start, start + size)));
  return out;
}

/** The points of the last `window` before the newest one, at most MAX_CHART_POINTS of them. */
export function pointsInWindow(points: readonly ChartPoint[], window: MonitorWindow): ChartPoint[] {
  const newest = points[points.length - 1];
  if (!newest) return [];
  const from = newest.ts - WINDOW_MS[window];
  let first = points.length - 1;
  while (first > 0 && points[first - 1]!.ts > from) first--;
  return downsamplePoints(points.slice(first), MAX_CHART_POINTS);
}

/** Width of one point of the 1 h chart: the hour in MAX_CHART_POINTS clock-aligned buckets. */
export const HOUR_BUCKET_MS = WINDOW_MS['1h'] / MAX_CHART_POINTS;
const bucketOf = (ts: number) => Math.floor(ts / HOUR_BUCKET_MS);

/** Clock-aligned averages of the points: one per HOUR_BUCKET_MS, so older buckets never change. */
export function hourBuckets(points: readonly ChartPoint[]): ChartPoint[] {
  const out: ChartPoint[] = [];
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i === points.length || bucketOf(points[i]!.ts) !== bucketOf(points[start]!.ts)) {
      out.push(averagePoints(points.slice(start, i)));
      start = i;
    }
  }
  return out;
}

/**
 * The hour buckets after `recent` gained its newest point: only the newest bucket is
 * recomputed (from the few points in it), older ones are kept, and those past the hour dropped.
 */
export function updateHourBuckets(buckets: readonly ChartPoint[], recent: readonly ChartPoint[]): ChartPoint[] {
  const newest = recent[recent.length - 1];
  if (!newest) return [];
  const bucket = bucketOf(newest.ts);
  let first = recent.length - 1;
  while (first > 0 && bucketOf(recent[first - 1]!.ts) === bucket) first--;
  const open = averagePoints(recent.slice(first));
  const last = buckets[buckets.length - 1];
  const kept = last && bucketOf(last.ts) === bucket ? buckets.slice(0, -1) : buckets.slice();
  const from = newest.ts - WINDOW_MS['1h'];
  let drop = 0;
  while (drop < kept.length && kept[drop]!.ts <= from) drop++;
  const next = drop ? kept.slice(drop) : kept;
  next.push(open);
  return next;
}

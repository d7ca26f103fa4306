/** min / avg / max of each series over one wall-clock minute. */
export interface MinuteAggregate {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  series: Record<string, [min: number, avg: number, max: number]>;
}

const MINUTE_MS = 60_000;

/** Rounds to two decimals: plenty for bytes, percents and milliseconds, and keeps stored rows small. */
const round = (v: number) => Math.round(v * 100) / 100;

/** Folds samples into per-minute aggregates; hands back a minute once a sample of a later minute arrives. */
export class MinuteAggregator {
  private minute: number | null = null;
  private acc = new Map<string, { min: number; max: number; sum: number; n: number }>();

  add(ts: number, values: ReadonlyMap<string, number | null>): MinuteAggregate | null {
    const minute = Math.floor(ts / MINUTE_MS) * MINUTE_MS;
    const done = this.minute !== null && minute !== this.minute ? this.flush() : null;
    this.minute = minute;
    for (const [key, value] of values) {
      if (value === null || !Number.isFinite(value)) continue;
      const a = this.acc.get(key);
      if (!a) this.acc.set(key, { min: value, max: value, sum: value, n: 1 });
      else {
        if (value < a.min) a.min = value;
        if (value > a.max) a.max = value;
        a.sum += value;
        a.n++;
      }
    }
    return done;
  }

  /** The minute in progress, if it holds anything; starts a fresh one. */
  flush(): MinuteAggregate | null {
    if (this.minute === null || this.acc.size === 0) return null;
    const series: MinuteAggregate['series'] = {};
    for (const [key, a] of this.acc) series[key] = [round(a.min), round(a.sum / a.n), round(a.max)];
    this.acc = new Map();
    return { minute: this.minute, series };
  }
}

/** Columnar figures over time: `ts[i]` pairs with `series[key][i]`; null where a figure was unknown. */
export interface SeriesTable {
  ts: number[];
  series: Record<string, (number | null)[]>;
}

interface Series {
  values: Float32Array;
  /** Tick number of the last known value, to drop a series once it has left the whole ring. */
  lastTick: number;
}

/**
 * Fixed-size ring of samples at full resolution: one Float64Array of timestamps and one
 * Float32Array per series (float32 keeps bytes exact to ~0.00001 %, ample for charts).
 * Unknown figures are stored as NaN. Memory is fixed by the capacity and the number of series.
 */
export class SampleHistory {
  private ts: Float64Array;
  private readonly series = new Map<string, Series>();
  /** Ticks written since the start; the newest sits at (ticks - 1) % capacity. */
  private ticks = 0;

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1)
      throw new RangeError(`capacity must be a positive integer, got ${cap}`);
    this.ts = new Float64Array(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  get length(): number {
    return Math.min(this.ticks, this.cap);
  }

  get seriesKeys(): string[] {
    return [...this.series.keys()];
  }

  push(ts: number, values: ReadonlyMap<string, number | null>): void {
    const slot = this.ticks % this.cap;
    this.ts[slot] = ts;
    for (const [key, value] of values) {
      if (value === null || !Number.isFinite(value)) continue;
      let series = this.series.get(key);
      if (!series)
        this.series.set(
          key,
          (series = { values: new Float32Array(this.cap).fill(Number.NaN), lastTick: 0 }),
        );
      series.values[slot] = value;
      series.lastTick = this.ticks;
    }
    for (const [key, series] of this.series) {
      if (series.lastTick === this.ticks) continue;
      if (this.ticks - series.lastTick >= this.cap) this.series.delete(key);
      else series.values[slot] = Number.NaN;
    }
    this.ticks++;
  }

  /** Samples with ts >= fromTs, oldest first. */
  since(fromTs: number): SeriesTable {
    const n = this.length;
    let first = n;
    while (first > 0 && this.ts[this.slotOf(first - 1)]! >= fromTs) first--;
    const slots: number[] = [];
    for (let i = first; i < n; i++) slots.push(this.slotOf(i));
    const series: SeriesTable['series'] = {};
    for (const [key, { values }] of this.series) {
      series[key] = slots.map((s) => (Number.isNaN(values[s]!) ? null : values[s]!));
    }
    return { ts: slots.map((s) => this.ts[s]!), series };
  }

  /** Keeps the newest min(length, capacity) samples when the interval (and so the capacity) changes. */
  resize(capacity: number): void {
    if (capacity === this.cap) return;
    const keep = Math.min(this.length, capacity);
    const order = Array.from({ length: keep }, (_, i) => this.slotOf(this.length - keep + i));
    const ts = new Float64Array(capacity);
    order.forEach((s, i) => (ts[i] = this.ts[s]!));
    for (const series of this.series.values()) {
      const values = new Float32Array(capacity).fill(Number.NaN);
      order.forEach((s, i) => (values[i] = series.values[s]!));
      series.values = values;
      series.lastTick = series.lastTick - (this.ticks - keep);
    }
    this.ts = ts;
    this.cap = capacity;
    this.ticks = keep;
  }

  /** Bytes held by the typed arrays. */
  byteSize(): number {
    return this.ts.byteLength + this.series.size * this.cap * Float32Array.BYTES_PER_ELEMENT;
  }

  /** Index 0 = the oldest sample still held. */
  private slotOf(index: number): number {
    const oldestTick = this.ticks - this.length;
    return (oldestTick + index) % this.cap;
  }
}

/** Averages consecutive samples into at most maxPoints buckets (nulls ignored; a bucket of nulls stays null). */
export function downsample(table: SeriesTable, maxPoints: number): SeriesTable {
  const n = table.ts.length;
  if (n <= maxPoints) return table;
  const size = Math.ceil(n / maxPoints);
  const bucketsOf = <T>(fn: (start: number, end: number) => T): T[] => {
    const out: T[] = [];
    for (let start = 0; start < n; start += size) out.push(fn(start, Math.min(n, start + size)));
    return out;
  };
  const series: SeriesTable['series'] = {};
  for (const [key, values] of Object.entries(table.series)) {
    series[key] = bucketsOf((start, end) => {
      let sum = 0;
      let count = 0;
      for (let i = start; i < end; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) {
          sum += v;
          count++;
        }
      }
      return count ? sum / count : null;
    });
  }
  return { ts: bucketsOf((_start, end) => table.ts[end - 1]!), series };
}

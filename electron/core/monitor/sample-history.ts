/** Columnar figures over time: `ts[i]` pairs with `series[key][i]`; null where a figure was unknown. */
export interface SeriesTable {
  ts: number[];
  series: Record<string, (number | null)[]>;
}

/** Samples per block of a series: the unit its memory is held in. */
const BLOCK = 60;

interface Series {
  /**
   * The series' values by ring slot, in blocks of BLOCK slots allocated on first use: a series
   * that lived for a minute (a worker process replaced after it) holds a block or two, not a
   * whole ring. A block with no value left is dropped.
   */
  blocks: (Float32Array | null)[];
  /** Tick number of the last known value, to drop a series once it has left the whole ring. */
  lastTick: number;
}

/**
 * Fixed-size ring of samples at full resolution: one Float64Array of timestamps and, per series,
 * Float32Array blocks (float32 keeps bytes exact to ~0.00001 %, ample for charts).
 * Unknown figures are stored as NaN. Memory is bounded by the capacity and the number of series.
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
      if (!series) this.series.set(key, (series = { blocks: [], lastTick: 0 }));
      this.write(series, slot, value);
      series.lastTick = this.ticks;
    }
    const blockEnd = (slot + 1) % BLOCK === 0 || slot === this.cap - 1;
    const blockStartTick = this.ticks - (slot % BLOCK);
    for (const [key, series] of this.series) {
      if (series.lastTick === this.ticks) continue;
      if (this.ticks - series.lastTick >= this.cap) this.series.delete(key);
      else if (blockEnd && series.lastTick < blockStartTick)
        series.blocks[Math.floor(slot / BLOCK)] = null;
      else this.write(series, slot, Number.NaN);
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
    for (const [key, s] of this.series) {
      series[key] = slots.map((slot) => {
        const value = read(s.blocks, slot);
        return Number.isNaN(value) ? null : value;
      });
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
    const dropped = this.ticks - keep;
    this.ts = ts;
    this.cap = capacity;
    this.ticks = keep;
    for (const series of this.series.values()) {
      const old = series.blocks;
      series.blocks = [];
      order.forEach((s, i) => this.write(series, i, read(old, s)));
      series.lastTick -= dropped;
    }
  }

  /** Bytes held by the typed arrays. */
  byteSize(): number {
    let bytes = this.ts.byteLength;
    for (const { blocks } of this.series.values())
      for (const block of blocks) bytes += block?.byteLength ?? 0;
    return bytes;
  }

  private write(series: Series, slot: number, value: number): void {
    const index = Math.floor(slot / BLOCK);
    let block = series.blocks[index];
    if (!block) {
      if (Number.isNaN(value)) return;
      const length = Math.min(BLOCK, this.cap - index * BLOCK);
      block = series.blocks[index] = new Float32Array(length).fill(Number.NaN);
    }
    block[slot % BLOCK] = value;
  }

  /** Index 0 = the oldest sample still held. */
  private slotOf(index: number): number {
    const oldestTick = this.ticks - this.length;
    return (oldestTick + index) % this.cap;
  }
}

function read(blocks: Series['blocks'], slot: number): number {
  return blocks[Math.floor(slot / BLOCK)]?.[slot % BLOCK] ?? Number.NaN;
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

/** The q-quantile (0–1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Least-squares slope of y over x, and the fit's r². */
export function linearFit(points: ReadonlyArray<{ x: number; y: number }>): {
  slope: number;
  intercept: number;
  r2: number;
} {
  const n = points.length;
  if (n < 2) return { slope: 0, intercept: points[0]?.y ?? 0, r2: 0 };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return {
    slope,
    intercept: my - slope * mx,
    r2: sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy),
  };
}

/** Growth of a memory series in % of its mean per hour (x in ms). */
export function growthPercentPerHour(points: ReadonlyArray<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const mean = points.reduce((s, p) => s + p.y, 0) / points.length;
  return (linearFit(points).slope * 3_600_000 * 100) / mean;
}

/**
 * Records of numeric fields kept as typed columns allocated up front: a soak measures the memory
 * of the very process that keeps its records, and one object per RSS sample a second (~80 bytes on
 * the V8 heap, 0.3 MB an hour) was itself a third of the growth allowed; one per cycle, ~0.1 MB.
 */
export class ColumnTable<Field extends string> {
  private columns: Record<Field, Float64Array>;
  private capacity: number;
  length = 0;

  constructor(
    private readonly fields: readonly Field[],
    capacity: number,
  ) {
    this.capacity = Math.max(1, capacity);
    this.columns = this.allocate(() => new Float64Array(this.capacity));
  }

  push(row: Readonly<Record<Field, number>>): void {
    if (this.length === this.capacity) {
      const old = this.columns;
      this.capacity *= 2;
      this.columns = this.allocate((field) => {
        const grown = new Float64Array(this.capacity);
        grown.set(old[field]);
        return grown;
      });
    }
    for (const field of this.fields) this.columns[field][this.length] = row[field];
    this.length++;
  }

  /** The records as objects (built once the measuring is over). */
  rows(): Array<Record<Field, number>> {
    return Array.from({ length: this.length }, (_, i) => {
      const row = {} as Record<Field, number>;
      for (const field of this.fields) row[field] = this.columns[field][i]!;
      return row;
    });
  }

  private allocate(column: (field: Field) => Float64Array): Record<Field, Float64Array> {
    return Object.fromEntries(this.fields.map((field) => [field, column(field)])) as Record<
      Field,
      Float64Array
    >;
  }
}

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
 * (x, y) samples kept in typed arrays allocated up front: a soak measures the memory of the very
 * process that keeps its samples, and one `{x, y}` object per second (~80 bytes on the V8 heap,
 * 0.3 MB an hour) was itself a third of the growth allowed.
 */
export class SampleSeries {
  private xs: Float64Array;
  private ys: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.xs = new Float64Array(Math.max(1, capacity));
    this.ys = new Float64Array(Math.max(1, capacity));
  }

  push(x: number, y: number): void {
    if (this.length === this.xs.length) {
      const grow = (from: Float64Array) => {
        const to = new Float64Array(from.length * 2);
        to.set(from);
        return to;
      };
      this.xs = grow(this.xs);
      this.ys = grow(this.ys);
    }
    this.xs[this.length] = x;
    this.ys[this.length] = y;
    this.length++;
  }

  /** The samples as points, for the fits above (built once the measuring is over). */
  points(): Array<{ x: number; y: number }> {
    return Array.from({ length: this.length }, (_, i) => ({ x: this.xs[i]!, y: this.ys[i]! }));
  }
}

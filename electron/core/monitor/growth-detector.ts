export interface GrowthOptions {
  windowMs: number;
  /** Samples before startedAt + warmupMs are ignored: start-up allocation is not a leak. */
  warmupMs: number;
}

export interface GrowthEstimate {
  /** Least-squares slope relative to the window's mean, in % per hour. */
  percentPerHour: number;
  /** Coefficient of determination of the linear fit, 0–1. */
  r2: number;
}

/** Points kept per window: samples are averaged into this many buckets, whatever the interval. */
const BUCKETS_PER_WINDOW = 360;

/**
 * Memory-growth (leak) detector: a least-squares line through memory over a sliding window.
 * A leak is a steady climb, so it fits a line well (high R²); a GC sawtooth or noise around a
 * level does not, whatever its momentary slope.
 */
export class GrowthDetector {
  private readonly t: number[] = [];
  private readonly y: number[] = [];
  private bucket: { start: number; sum: number; n: number } | null = null;
  private readonly bucketMs: number;
  private readonly warmupEndsAt: number;

  constructor(
    private readonly options: GrowthOptions,
    startedAt: number,
  ) {
    this.bucketMs = Math.max(1, options.windowMs / BUCKETS_PER_WINDOW);
    this.warmupEndsAt = startedAt + options.warmupMs;
  }

  add(ts: number, value: number | null): void {
    if (value === null || !Number.isFinite(value) || ts < this.warmupEndsAt) return;
    const start = Math.floor(ts / this.bucketMs) * this.bucketMs;
    if (this.bucket && this.bucket.start !== start) this.closeBucket();
    if (!this.bucket) this.bucket = { start, sum: 0, n: 0 };
    this.bucket.sum += value;
    this.bucket.n++;
    while (this.t.length && this.t[0]! < ts - this.options.windowMs) {
      this.t.shift();
      this.y.shift();
    }
  }

  /**
   * Null until the points span half the window (a slope over a few minutes says little), and
   * while memory is flat (no variance to explain).
   */
  estimate(): GrowthEstimate | null {
    const n = this.t.length;
    if (n < 3 || this.t[n - 1]! - this.t[0]! < this.options.windowMs / 2) return null;
    const t0 = this.t[0]!;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += this.t[i]! - t0;
      sy += this.y[i]!;
    }
    const mx = sx / n;
    const my = sy / n;
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const dx = this.t[i]! - t0 - mx;
      const dy = this.y[i]! - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    if (sxx === 0 || my <= 0) return null;
    const slopePerMs = sxy / sxx;
    const r2 = syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
    return { percentPerHour: ((slopePerMs * 3_600_000) / my) * 100, r2 };
  }

  private closeBucket(): void {
    const b = this.bucket!;
    this.t.push(b.start + this.bucketMs / 2);
    this.y.push(b.sum / b.n);
    this.bucket = null;
  }
}

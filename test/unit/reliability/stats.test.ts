import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ColumnTable,
  growthPercentPerHour,
  linearFit,
  quantile,
} from '../../integration/reliability/support/stats';

describe('quantile', () => {
  it('picks by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('always returns one of the values, between min and max, monotone in q', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(values).toContain(quantile(values, lo));
          expect(quantile(values, lo)).toBeLessThanOrEqual(quantile(values, hi));
        },
      ),
    );
  });
});

describe('linearFit and growth', () => {
  it('recovers an exact line', () => {
    const points = Array.from({ length: 10 }, (_, x) => ({ x, y: 3 * x + 5 }));
    expect(linearFit(points)).toMatchObject({ slope: 3, intercept: 5, r2: 1 });
  });

  it('reads a flat series as no growth, and 1 MB a minute on 100 MB as 60 %/hour', () => {
    const flat = Array.from({ length: 60 }, (_, i) => ({ x: i * 1000, y: 100e6 }));
    expect(growthPercentPerHour(flat)).toBe(0);
    const growing = Array.from({ length: 61 }, (_, i) => ({ x: i * 60_000, y: 70e6 + i * 1e6 }));
    expect(growthPercentPerHour(growing)).toBeCloseTo(60, 5);
  });
});

describe('ColumnTable', () => {
  it('keeps every record in order past its initial capacity', () => {
    const table = new ColumnTable(['x', 'y'], 2);
    for (let i = 0; i < 5; i++) table.push({ x: i * 1000, y: 10 + i });
    expect(table.length).toBe(5);
    expect(table.rows()).toEqual([0, 1, 2, 3, 4].map((i) => ({ x: i * 1000, y: 10 + i })));
    expect(new ColumnTable(['x'], 4).rows()).toEqual([]);
  });

  it('keeps fractions and negative numbers exactly', () => {
    const table = new ColumnTable(['a', 'b'], 1);
    table.push({ a: 0.1, b: -3 });
    expect(table.rows()).toEqual([{ a: 0.1, b: -3 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { downsample, SampleHistory } from '../../../electron/core/monitor/sample-history';

const v = (entries: Record<string, number | null>) => new Map(Object.entries(entries));

describe('SampleHistory', () => {
  it('wraps: keeps only the newest `capacity` samples, oldest first', () => {
    const h = new SampleHistory(5);
    for (let i = 0; i < 13; i++) h.push(i * 1000, v({ a: i }));
    expect(h.length).toBe(5);
    const all = h.since(-Infinity);
    expect(all.ts).toEqual([8000, 9000, 10000, 11000, 12000]);
    expect(all.series.a).toEqual([8, 9, 10, 11, 12]);
    expect(h.since(10_000).series.a).toEqual([10, 11, 12]);
  });

  it('keeps memory bounded however long it runs', () => {
    const h = new SampleHistory(3600);
    for (let i = 0; i < 3600; i++) h.push(i, v({ a: i, b: i }));
    const bytes = h.byteSize();
    expect(bytes).toBe(3600 * 8 + 2 * 3600 * 4);
    for (let i = 3600; i < 10_000; i++) h.push(i, v({ a: i, b: i }));
    expect(h.byteSize()).toBe(bytes);
  });

  it('holds a short-lived series in memory for the minutes it had values, not a whole ring', () => {
    const h = new SampleHistory(3600);
    for (let i = 0; i < 3600; i++)
      h.push(i, v({ a: i, ...(i >= 100 && i < 190 ? { worker: i } : {}) }));
    const ring = 3600 * 8 + 3600 * 4;
    const block = 60 * 4;
    expect(h.byteSize()).toBe(ring + 3 * block); // ticks 100-189: the blocks of ticks 60-239
    expect(h.since(-Infinity).series.worker!.filter((x) => x !== null)).toHaveLength(90);
    for (let i = 3600; i < 3600 + 180; i++) h.push(i, v({ a: i }));
    // A later lap has passed over ticks 0-179: the two blocks it emptied are gone.
    expect(h.byteSize()).toBe(ring + block);
    expect(h.seriesKeys).toEqual(['a', 'worker']);
    expect(h.since(-Infinity).series.worker!.filter((x) => x !== null)).toHaveLength(10);
  });

  it('holds null where a series was unknown and drops a series gone for a whole ring', () => {
    const h = new SampleHistory(4);
    h.push(1, v({ a: 1 }));
    h.push(2, v({ a: 2, worker: 7 }));
    h.push(3, v({ a: 3, worker: null }));
    expect(h.since(0).series).toEqual({ a: [1, 2, 3], worker: [null, 7, null] });
    for (let t = 4; t <= 5; t++) h.push(t, v({ a: t }));
    expect(h.since(0).series.worker).toEqual([7, null, null, null]);
    h.push(6, v({ a: 6 })); // the 7 has left the ring
    expect(h.seriesKeys).toEqual(['a']);
  });

  it('resizes to a new interval keeping the newest samples', () => {
    const h = new SampleHistory(6);
    for (let i = 0; i < 9; i++) h.push(i, v({ a: i }));
    h.resize(3);
    expect(h.since(-Infinity)).toEqual({ ts: [6, 7, 8], series: { a: [6, 7, 8] } });
    h.resize(5);
    h.push(9, v({ a: 9 }));
    expect(h.since(-Infinity).series.a).toEqual([6, 7, 8, 9]);
  });

  it('downsamples by averaging buckets, ignoring unknowns', () => {
    const out = downsample(
      { ts: [1, 2, 3, 4, 5, 6], series: { a: [1, 3, null, null, 5, null] } },
      3,
    );
    expect(out).toEqual({ ts: [2, 4, 6], series: { a: [2, null, 5] } });
  });
});

import { describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../electron/core/monitor/alert-engine';
import { GrowthDetector } from '../../../electron/core/monitor/growth-detector';
import { DEFAULT_ALERT_RULES, type Alert } from '../../../shared/channels/monitor';

const MIN = 60_000;
const MB = 1048576;
const rule = DEFAULT_ALERT_RULES.memoryGrowth; // 30 min window, 10 min warm-up, 5 %/hour, R² 0.8

/** Runs 1 Hz samples of `memory(t)` for `minutes` through the detector and the alert engine. */
function simulate(memory: (tMs: number) => number, minutes: number) {
  const detector = new GrowthDetector(
    { windowMs: rule.windowMinutes * MIN, warmupMs: rule.warmupMinutes * MIN },
    0,
  );
  const fired: Alert[] = [];
  const engine = new AlertEngine(
    DEFAULT_ALERT_RULES,
    (state, a) => state === 'fired' && fired.push(a),
  );
  const estimates = [];
  for (let t = 0; t <= minutes * MIN; t += 1000) {
    detector.add(t, memory(t));
    const growth = detector.estimate();
    if (growth) estimates.push(growth);
    engine.evaluate(t, {
      appRssBytes: null,
      growth,
      handles: null,
      readerPoolPercent: null,
      mainCpuPercent: null,
      eventLoopP99Ms: null,
    });
  }
  return {
    fired: fired.filter((a) => a.rule === 'memoryGrowth'),
    estimates,
    last: detector.estimate(),
  };
}

// Deterministic noise (a fixed LCG), so the test cannot pass or fail by chance.
function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296) * 2 - 1;
}

describe('GrowthDetector', () => {
  it('measures the slope of a linear ramp in %/hour with a near-perfect fit', () => {
    // 200 MB growing 10 %/hour of its mean level
    const { last } = simulate((t) => 200 * MB * (1 + (0.1 * t) / 3_600_000), 45);
    expect(last).not.toBeNull();
    expect(last!.r2).toBeGreaterThan(0.99);
    // slope / mean level: the mean over the window is a bit above 200 MB, so slightly under 10
    expect(last!.percentPerHour).toBeGreaterThan(9);
    expect(last!.percentPerHour).toBeLessThan(10);
  });

  it('says nothing during the warm-up and until half the window is covered', () => {
    const { estimates } = simulate((t) => 200 * MB + t * 100, 24);
    expect(estimates).toEqual([]); // 10 min warm-up + 15 min of data needed
  });

  it('alarms on a linear ramp above the threshold', () => {
    const { fired } = simulate((t) => 200 * MB * (1 + (0.08 * t) / 3_600_000), 40);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.message).toMatch(/^Memory grows 7\.\d %\/hour over the last 30 min/);
  });

  it('does not alarm on a GC sawtooth around a steady level', () => {
    // climbs 60 MB over 4 minutes, then a collection drops it back
    const saw = (t: number) => 200 * MB + ((t % (4 * MIN)) / (4 * MIN)) * 60 * MB;
    const { fired, estimates } = simulate(saw, 90);
    expect(estimates.length).toBeGreaterThan(1000);
    expect(fired).toEqual([]);
    expect(Math.max(...estimates.map((e) => e.r2))).toBeLessThan(rule.minR2);
  });

  it('does not alarm on noise around a steady level', () => {
    const noise = lcg(42);
    const { fired, estimates } = simulate(() => 300 * MB + noise() * 40 * MB, 90);
    expect(estimates.length).toBeGreaterThan(1000);
    expect(fired).toEqual([]);
    expect(Math.max(...estimates.map((e) => Math.abs(e.percentPerHour)))).toBeLessThan(
      rule.threshold,
    );
  });

  it('does not alarm on a ramp under the threshold', () => {
    const { fired, last } = simulate((t) => 200 * MB * (1 + (0.02 * t) / 3_600_000), 60);
    expect(last!.r2).toBeGreaterThan(0.99);
    expect(fired).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { AlertEngine, HysteresisGate } from '../../../electron/core/monitor/alert-engine';
import { DEFAULT_ALERT_RULES, type Alert, type AlertRules } from '../../../shared/channels/monitor';

const S = 1000;

/** Feeds `values` one per second starting at t=0; returns the changes with their time. */
function run(gate: HysteresisGate, values: (number | null)[]): Array<[number, string]> {
  const changes: Array<[number, string]> = [];
  values.forEach((v, i) => {
    const change = gate.update(i * S, v);
    if (change) changes.push([i, change]);
  });
  return changes;
}

describe('HysteresisGate', () => {
  it('fires only once the value has stayed above the threshold for the minimum duration', () => {
    const gate = new HysteresisGate({ threshold: 70, resolveBelow: 60, forSeconds: 3 });
    // above at t=0..3 → fires at t=3 (held 3 s)
    expect(run(gate, [80, 80, 80, 80])).toEqual([[3, 'fired']]);
  });

  it('restarts the clock when the value dips below the threshold before the duration', () => {
    const gate = new HysteresisGate({ threshold: 70, resolveBelow: 60, forSeconds: 3 });
    expect(run(gate, [80, 80, 65, 80, 80, 80])).toEqual([]);
    expect(gate.update(6 * S, 80)).toBe('fired');
  });

  it('stays active inside the hysteresis band and resolves only below resolveBelow held as long', () => {
    const gate = new HysteresisGate({ threshold: 70, resolveBelow: 60, forSeconds: 2 });
    const changes = run(gate, [90, 90, 90, 65, 65, 65, 65, 50, 50, 62, 50, 50, 50]);
    // fired at 2; 65 is in the band (no resolve); 50,50 then 62 resets; 50 from t=10 held 2 s → resolved at 12
    expect(changes).toEqual([
      [2, 'fired'],
      [12, 'resolved'],
    ]);
  });

  it('does not flap on a value oscillating around the threshold', () => {
    const gate = new HysteresisGate({ threshold: 70, resolveBelow: 60, forSeconds: 0 });
    const changes = run(gate, [71, 69, 71, 69, 71, 69, 59]);
    expect(changes).toEqual([
      [0, 'fired'],
      [6, 'resolved'],
    ]);
  });

  it('treats an unknown value as no evidence either way', () => {
    const gate = new HysteresisGate({ threshold: 70, resolveBelow: 60, forSeconds: 2 });
    expect(run(gate, [80, null, 80, 80])).toEqual([]);
    expect(gate.update(4 * S, 80)).toBe('fired');
  });
});

describe('AlertEngine', () => {
  const rules: AlertRules = {
    ...DEFAULT_ALERT_RULES,
    cpu: { enabled: true, threshold: 70, resolveBelow: 60, forSeconds: 60 },
  };
  const quiet = {
    appRssBytes: 100e6,
    growth: null,
    handles: { value: 20, subject: 'main' },
    readerPoolPercent: 10,
    mainCpuPercent: 5,
    eventLoopP99Ms: 1,
  };

  it('fires the CPU alert after 60 s sustained and resolves it with a message naming the figures', () => {
    const changes: Array<[string, Alert]> = [];
    const engine = new AlertEngine(rules, (state, alert) => changes.push([state, alert]));
    for (let t = 0; t <= 59; t++) engine.evaluate(t * S, { ...quiet, mainCpuPercent: 95 });
    expect(changes).toEqual([]);
    engine.evaluate(60 * S, { ...quiet, mainCpuPercent: 95 });
    expect(changes.map(([s, a]) => [s, a.rule])).toEqual([['fired', 'cpu']]);
    expect(changes[0]![1].message).toBe('Main process CPU 95 % for 60 s, above 70 %');
    expect(engine.active()).toHaveLength(1);
    for (let t = 61; t <= 121; t++) engine.evaluate(t * S, quiet);
    expect(changes.map(([s]) => s)).toEqual(['fired', 'resolved']);
    expect(engine.active()).toEqual([]);
    expect(engine.history()).toEqual([{ ...changes[0]![1], resolvedAt: 121 * S }]);
  });

  it('names the process with the most handles', () => {
    const changes: Alert[] = [];
    const engine = new AlertEngine(rules, (_s, a) => changes.push(a));
    for (let t = 0; t <= 10; t++)
      engine.evaluate(t * S, { ...quiet, handles: { value: 150, subject: 'worker-2' } });
    expect(changes.map((a) => a.message)).toEqual(['worker-2 holds 150 open handles, above 100']);
  });

  it('fires on a single call over the memory threshold and resolves after the hold time', () => {
    const changes: Array<[string, Alert]> = [];
    const engine = new AlertEngine(rules, (state, alert) => changes.push([state, alert]));
    engine.noteCallMemory({
      channel: 'library.search',
      rssDeltaBytes: 10e6,
      heapDeltaBytes: 20e6,
      at: 0,
    });
    expect(changes).toEqual([]); // under 50 MB
    engine.noteCallMemory({
      channel: 'library.search',
      rssDeltaBytes: 80 * 1048576,
      heapDeltaBytes: 0,
      at: 1000,
    });
    expect(changes.map(([s, a]) => [s, a.subject, a.message])).toEqual([
      ['fired', 'library.search', 'library.search grew memory by 80 MB in one call, above 50 MB'],
    ]);
    engine.evaluate(30_000, quiet);
    expect(engine.active()).toHaveLength(1);
    engine.evaluate(61_000, quiet);
    expect(changes.map(([s]) => s)).toEqual(['fired', 'resolved']);
  });

  it('ignores disabled rules', () => {
    const changes: Alert[] = [];
    const engine = new AlertEngine(
      { ...rules, eventLoop: { ...rules.eventLoop, enabled: false } },
      (_s, a) => changes.push(a),
    );
    for (let t = 0; t <= 30; t++) engine.evaluate(t * S, { ...quiet, eventLoopP99Ms: 500 });
    expect(changes).toEqual([]);
  });
});

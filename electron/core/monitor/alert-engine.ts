import type {
  Alert,
  AlertRuleId,
  AlertRules,
  ThresholdRule,
} from '../../../shared/channels/monitor';
import type { GrowthEstimate } from './growth-detector';

export type GateChange = 'fired' | 'resolved' | null;

/**
 * One threshold with hysteresis and a minimum duration: fires once the value has stayed above
 * `threshold` for `forSeconds`, resolves once it has stayed below `resolveBelow` as long. A value
 * in between, or an unknown one, restarts the clock.
 */
export class HysteresisGate {
  active = false;
  private since: number | null = null;

  constructor(
    private readonly rule: Pick<ThresholdRule, 'threshold' | 'resolveBelow' | 'forSeconds'>,
  ) {}

  update(ts: number, value: number | null): GateChange {
    const crossing =
      value !== null &&
      (this.active ? value < this.rule.resolveBelow : value > this.rule.threshold);
    if (!crossing) {
      this.since = null;
      return null;
    }
    this.since ??= ts;
    if (ts - this.since < this.rule.forSeconds * 1000) return null;
    this.since = null;
    this.active = !this.active;
    return this.active ? 'fired' : 'resolved';
  }
}

/** The figures the rules look at, for one tick. Null = unknown this tick. */
export interface AlertInputs {
  appRssBytes: number | null;
  growth: GrowthEstimate | null;
  /** The process holding the most handles. */
  handles: { value: number; subject: string } | null;
  readerPoolPercent: number | null;
  mainCpuPercent: number | null;
  eventLoopP99Ms: number | null;
}

export interface CallMemoryWarning {
  channel: string;
  rssDeltaBytes: number;
  heapDeltaBytes: number;
  at: number;
}

type GatedRuleId = Exclude<AlertRuleId, 'callMemory'>;
const GATED: readonly GatedRuleId[] = [
  'memory',
  'memoryGrowth',
  'handles',
  'readerPool',
  'cpu',
  'eventLoop',
];

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const num = (v: number, digits = 0) => v.toFixed(digits);

function describe(
  rule: AlertRuleId,
  value: number,
  threshold: number,
  subject: string | null,
  rules: AlertRules,
): string {
  switch (rule) {
    case 'memory':
      return `Whole-app memory ${mb(value)} is above ${mb(threshold)}`;
    case 'memoryGrowth':
      return `Memory grows ${num(value, 1)} %/hour over the last ${rules.memoryGrowth.windowMinutes} min (steady climb), above ${threshold} %/hour`;
    case 'handles':
      return `${subject} holds ${value} open handles, above ${threshold}`;
    case 'readerPool':
      return `Reader pool ${num(value)} % busy, above ${threshold} %`;
    case 'cpu':
      return `Main process CPU ${num(value)} % for ${rules.cpu.forSeconds} s, above ${threshold} %`;
    case 'callMemory':
      return `${subject} grew memory by ${mb(value)} in one call, above ${mb(threshold)}`;
    case 'eventLoop':
      return `Main event-loop delay p99 ${num(value)} ms, above ${threshold} ms`;
  }
}

export type AlertListener = (state: 'fired' | 'resolved', alert: Alert) => void;

const HISTORY_LIMIT = 500;

/** Evaluates the rules each tick, keeps active and past alerts, and reports every change. */
export class AlertEngine {
  private gates = new Map<GatedRuleId, HysteresisGate>();
  private readonly activeAlerts = new Map<AlertRuleId, Alert>();
  private readonly past: Alert[];
  private callMemoryLastAt = 0;

  constructor(
    private rules: AlertRules,
    private readonly onChange: AlertListener,
    past: Alert[] = [],
  ) {
    this.past = past.slice(-HISTORY_LIMIT);
    this.resetGates();
  }

  setRules(rules: AlertRules, ts: number): void {
    this.rules = rules;
    // New thresholds apply from a clean state: active alerts are resolved and may fire again.
    for (const rule of [...this.activeAlerts.keys()]) this.resolve(rule, ts);
    this.resetGates();
  }

  evaluate(ts: number, inputs: AlertInputs): void {
    const growthRule = this.rules.memoryGrowth;
    const growthValue =
      inputs.growth === null
        ? null
        : inputs.growth.r2 >= growthRule.minR2
          ? inputs.growth.percentPerHour
          : 0;
    const values: Record<GatedRuleId, [number | null, string | null]> = {
      memory: [inputs.appRssBytes, null],
      memoryGrowth: [growthValue, null],
      handles: [inputs.handles?.value ?? null, inputs.handles?.subject ?? null],
      readerPool: [inputs.readerPoolPercent, null],
      cpu: [inputs.mainCpuPercent, null],
      eventLoop: [inputs.eventLoopP99Ms, null],
    };
    for (const rule of GATED) {
      const gate = this.gates.get(rule);
      if (!gate) continue;
      const [value, subject] = values[rule];
      const change = gate.update(ts, value);
      if (change === 'fired') this.fire(rule, ts, value!, this.rules[rule].threshold, subject);
      else if (change === 'resolved') this.resolve(rule, ts);
    }
    const hold = this.rules.callMemory.holdSeconds * 1000;
    if (this.activeAlerts.has('callMemory') && ts - this.callMemoryLastAt >= hold)
      this.resolve('callMemory', ts);
  }

  /** A single call's memory delta (the router's `resource.warning`). */
  noteCallMemory(warning: CallMemoryWarning): void {
    const rule = this.rules.callMemory;
    const delta = Math.max(warning.rssDeltaBytes, warning.heapDeltaBytes);
    if (!rule.enabled || delta <= rule.threshold) return;
    this.callMemoryLastAt = warning.at;
    if (!this.activeAlerts.has('callMemory'))
      this.fire('callMemory', warning.at, delta, rule.threshold, warning.channel);
  }

  active(): Alert[] {
    return [...this.activeAlerts.values()];
  }

  /** Past alerts (resolved), newest last. */
  history(): Alert[] {
    return [...this.past];
  }

  private resetGates(): void {
    this.gates = new Map(
      GATED.filter((r) => this.rules[r].enabled).map((r) => [r, new HysteresisGate(this.rules[r])]),
    );
  }

  private fire(
    rule: AlertRuleId,
    ts: number,
    value: number,
    threshold: number,
    subject: string | null,
  ): void {
    const alert: Alert = {
      id: `${rule}:${ts}`,
      rule,
      message: describe(rule, value, threshold, subject, this.rules),
      value,
      threshold,
      subject,
      firedAt: ts,
      resolvedAt: null,
    };
    this.activeAlerts.set(rule, alert);
    this.onChange('fired', alert);
  }

  private resolve(rule: AlertRuleId, ts: number): void {
    const alert = this.activeAlerts.get(rule);
    if (!alert) return;
    this.activeAlerts.delete(rule);
    const resolved = { ...alert, resolvedAt: ts };
    this.past.push(resolved);
    if (this.past.length > HISTORY_LIMIT) this.past.shift();
    this.onChange('resolved', resolved);
  }
}

import { z } from 'zod';
import { ChannelStat, NoInput } from './app';

const MB = 1024 * 1024;

export const ProcessRole = z.enum([
  'main',
  'host',
  'cli',
  'renderer',
  'gpu',
  'utility',
  'worker',
  'other',
]);
export type ProcessRole = z.infer<typeof ProcessRole>;

/** One process at one tick. A figure the platform cannot give is null, never invented. */
export const ProcessSample = z.object({
  pid: z.number().int(),
  role: ProcessRole,
  name: z.string(),
  rssBytes: z.number().nullable(),
  heapBytes: z.number().nullable(),
  /** Over the last interval; 100 = one full core. Null on the first reading of a process. */
  cpuPercent: z.number().nullable(),
  /** Cumulative user + system CPU time since the process started. */
  cpuSecondsTotal: z.number().nullable(),
  fds: z.number().int().nullable(),
  threads: z.number().int().nullable(),
  uptimeS: z.number().nullable(),
});
export type ProcessSample = z.infer<typeof ProcessSample>;

export const EventLoopDelay = z.object({ p50: z.number(), p99: z.number(), max: z.number() });
export type EventLoopDelay = z.infer<typeof EventLoopDelay>;

export const PoolFigures = z.object({
  size: z.number().int(),
  busy: z.number().int(),
  queued: z.number().int(),
  restarts: z.number().int(),
});
export type PoolFigures = z.infer<typeof PoolFigures>;

export const ReaderThreadFigures = z.object({
  name: z.string(),
  /** Share of the last interval this thread spent working, 0–100. */
  utilizationPercent: z.number().nullable(),
  heapBytes: z.number().nullable(),
});

export const ReaderPoolFigures = z.object({
  size: z.number().int(),
  inUse: z.number().int(),
  waiting: z.number().int(),
  /** 0–100. */
  utilizationPercent: z.number(),
  waitMsP99: z.number().nullable(),
  threads: z.array(ReaderThreadFigures).optional(),
});
export type ReaderPoolFigures = z.infer<typeof ReaderPoolFigures>;

export const DatabaseFigures = z.object({ dbBytes: z.number(), walBytes: z.number() });
export type DatabaseFigures = z.infer<typeof DatabaseFigures>;

export const AlertRuleId = z.enum([
  'memory',
  'memoryGrowth',
  'handles',
  'readerPool',
  'cpu',
  'callMemory',
  'eventLoop',
]);
export type AlertRuleId = z.infer<typeof AlertRuleId>;

export const Alert = z.object({
  /** Unique per firing: `<rule>:<firedAt>`. */
  id: z.string(),
  rule: AlertRuleId,
  message: z.string(),
  value: z.number(),
  threshold: z.number(),
  /** The process (or channel) the figure came from, when the rule looks at one. */
  subject: z.string().nullable(),
  firedAt: z.number(),
  resolvedAt: z.number().nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const MonitorSample = z.object({
  ts: z.number(),
  intervalMs: z.number(),
  processes: z.array(ProcessSample),
  /** Whole app: the sum over processes of what is known. */
  totals: z.object({ rssBytes: z.number(), cpuPercent: z.number().nullable() }),
  eventLoopDelayMs: EventLoopDelay,
  pool: PoolFigures.nullable(),
  readerPool: ReaderPoolFigures.nullable(),
  database: DatabaseFigures.nullable(),
  /** Documents per second over the last interval. */
  importRate: z.number().nullable(),
  /** Memory growth of the whole app from the leak detector, %/hour; null during warm-up. */
  memoryGrowth: z.object({ percentPerHour: z.number(), r2: z.number() }).nullable(),
  /** Active alerts at this tick. */
  alerts: z.array(Alert),
});
export type MonitorSample = z.infer<typeof MonitorSample>;

// ----- rules --------------------------------------------------------------------------------

const seconds = z.number().min(0).max(86_400);

const hysteresis = {
  check: (r: { threshold: number; resolveBelow: number }) => r.resolveBelow <= r.threshold,
  message: {
    message: 'resolveBelow must not exceed threshold (it is the hysteresis band)',
    path: ['resolveBelow'],
  },
};

/** Fires when the figure stays above `threshold` for `forSeconds`; resolves when it stays below `resolveBelow` as long. */
const ThresholdRuleFields = z
  .object({
    enabled: z.boolean(),
    threshold: z.number().nonnegative(),
    resolveBelow: z.number().nonnegative(),
    forSeconds: seconds,
  })
  .strict();
const ThresholdRule = ThresholdRuleFields.refine(hysteresis.check, hysteresis.message);

const GrowthRuleFields = z
  .object({
    enabled: z.boolean(),
    /** %/hour of the whole app's resident memory. */
    threshold: z.number().positive(),
    resolveBelow: z.number().nonnegative(),
    forSeconds: seconds,
    windowMinutes: z
      .number()
      .min(1)
      .max(24 * 60),
    warmupMinutes: z
      .number()
      .min(0)
      .max(24 * 60),
    /** Goodness of fit the slope must reach to count: keeps a GC sawtooth or noise from alarming. */
    minR2: z.number().min(0).max(1),
  })
  .strict();
const GrowthRule = GrowthRuleFields.refine(hysteresis.check, hysteresis.message);

const CallMemoryRule = z
  .object({
    enabled: z.boolean(),
    /** Bytes of RSS or heap growth during one call. */
    threshold: z.number().positive(),
    /** The alert stays active this long after the last such call. */
    holdSeconds: seconds,
  })
  .strict();

export const AlertRules = z
  .object({
    /** Whole-app resident memory, bytes. */
    memory: ThresholdRule,
    memoryGrowth: GrowthRule,
    /** Open file descriptors / handles of the busiest process. */
    handles: ThresholdRule,
    /** Reader-pool utilisation, %. */
    readerPool: ThresholdRule,
    /** CPU of the main (or host) process, % of one core. */
    cpu: ThresholdRule,
    callMemory: CallMemoryRule,
    /** Main event-loop delay p99, ms. */
    eventLoop: ThresholdRule,
  })
  .strict();
export type AlertRules = z.infer<typeof AlertRules>;

/** What `monitor.rules.set` takes: any subset of rules and fields; the merged result is validated as AlertRules. */
export const AlertRulesPatch = z
  .object({
    memory: ThresholdRuleFields.partial(),
    memoryGrowth: GrowthRuleFields.partial(),
    handles: ThresholdRuleFields.partial(),
    readerPool: ThresholdRuleFields.partial(),
    cpu: ThresholdRuleFields.partial(),
    callMemory: CallMemoryRule.partial(),
    eventLoop: ThresholdRuleFields.partial(),
  })
  .partial()
  .strict();
export type AlertRulesPatch = z.infer<typeof AlertRulesPatch>;
export type ThresholdRule = z.infer<typeof ThresholdRule>;
export type GrowthRule = z.infer<typeof GrowthRule>;

/** From the resource targets (docs: Memory & Resource Performance Analysis Report). */
export const DEFAULT_ALERT_RULES: AlertRules = {
  memory: { enabled: true, threshold: 512 * MB, resolveBelow: 480 * MB, forSeconds: 10 },
  memoryGrowth: {
    enabled: true,
    threshold: 5,
    resolveBelow: 4,
    forSeconds: 60,
    windowMinutes: 30,
    warmupMinutes: 10,
    minR2: 0.8,
  },
  handles: { enabled: true, threshold: 100, resolveBelow: 90, forSeconds: 10 },
  readerPool: { enabled: true, threshold: 80, resolveBelow: 70, forSeconds: 30 },
  cpu: { enabled: true, threshold: 70, resolveBelow: 60, forSeconds: 60 },
  callMemory: { enabled: true, threshold: 50 * MB, holdSeconds: 60 },
  eventLoop: { enabled: true, threshold: 100, resolveBelow: 80, forSeconds: 10 },
};

// ----- channels and events ------------------------------------------------------------------

export const MonitorWindow = z.enum(['1m', '5m', '1h', '24h']);
export type MonitorWindow = z.infer<typeof MonitorWindow>;

/** Columnar history: `ts[i]` pairs with `series[key][i]`. Minute aggregates also carry min and max. */
export const MonitorHistory = z.object({
  window: MonitorWindow,
  resolutionMs: z.number(),
  ts: z.array(z.number()),
  series: z.record(z.string(), z.array(z.number().nullable())),
  min: z.record(z.string(), z.array(z.number().nullable())).optional(),
  max: z.record(z.string(), z.array(z.number().nullable())).optional(),
});
export type MonitorHistory = z.infer<typeof MonitorHistory>;

export const MonitorSnapshot = z.object({
  latest: MonitorSample.nullable(),
  history: MonitorHistory,
  channels: z.array(ChannelStat),
});
export type MonitorSnapshot = z.infer<typeof MonitorSnapshot>;

export const ExportFormat = z.enum(['csv', 'json']);

export const monitorChannels = {
  'monitor.snapshot': {
    input: z
      .object({
        window: MonitorWindow.default('5m'),
        maxPoints: z.number().int().min(10).max(10_000).default(720),
      })
      .strict()
      .default({ window: '5m', maxPoints: 720 }),
    output: MonitorSnapshot,
  },
  'monitor.processes': { input: NoInput, output: z.array(ProcessSample) },
  'monitor.alerts': {
    input: NoInput,
    output: z.object({ active: z.array(Alert), history: z.array(Alert) }),
  },
  'monitor.rules.get': { input: NoInput, output: AlertRules },
  'monitor.rules.set': { input: AlertRulesPatch, output: AlertRules },
  'monitor.report': { input: NoInput, output: z.object({ markdown: z.string() }) },
  'monitor.export': {
    input: z.object({ format: ExportFormat, window: MonitorWindow.default('1h') }).strict(),
    output: z.object({ format: ExportFormat, filename: z.string(), content: z.string() }),
  },
  'monitor.setInterval': {
    input: z.object({ seconds: z.number().min(0.25).max(60) }).strict(),
    output: z.object({ intervalMs: z.number() }),
  },
};

export const MonitorAlertEvent = z.object({ state: z.enum(['fired', 'resolved']), alert: Alert });
export type MonitorAlertEvent = z.infer<typeof MonitorAlertEvent>;

export const monitorEvents = {
  'monitor.sample': MonitorSample,
  'monitor.alert': MonitorAlertEvent,
};

import type { MonitorSample } from '../../../shared/channels/monitor';
import type { Monitor } from '../../core/monitor/monitor';
import { intFlag, UsageError, writeJsonLine, type Command, type FlagValues } from './command';

export interface MonitorCommandOptions {
  json: boolean;
  intervalS: number;
  /** Samples to print; undefined = until the signal aborts. */
  count?: number;
  signal?: AbortSignal;
}

/** The `--json` line: exactly these fields, one object per sample. */
export function monitorJsonLine(sample: MonitorSample) {
  return {
    ts: sample.ts,
    processes: sample.processes.map((p) => ({
      pid: p.pid,
      role: p.role,
      name: p.name,
      rssBytes: p.rssBytes,
      heapBytes: p.heapBytes,
      cpuPercent: p.cpuPercent,
      fds: p.fds,
      threads: p.threads,
    })),
    eventLoopDelayMs: sample.eventLoopDelayMs,
    alerts: sample.alerts,
  };
}

const cell = (v: number | null, f: (n: number) => string) => (v === null ? '-' : f(v));

function textBlock(sample: MonitorSample): string {
  const el = sample.eventLoopDelayMs;
  const head = `${new Date(sample.ts).toISOString()}  event loop p50 ${el.p50.toFixed(1)} ms  p99 ${el.p99.toFixed(1)} ms  max ${el.max.toFixed(1)} ms`;
  const rows = [
    ['ROLE', 'NAME', 'PID', 'RSS MB', 'HEAP MB', 'CPU %', 'FDS', 'THREADS'],
    ...sample.processes.map((p) => [
      p.role,
      p.name,
      String(p.pid),
      cell(p.rssBytes, (v) => (v / 1048576).toFixed(1)),
      cell(p.heapBytes, (v) => (v / 1048576).toFixed(1)),
      cell(p.cpuPercent, (v) => v.toFixed(1)),
      cell(p.fds, String),
      cell(p.threads, String),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map(
    (r) =>
      '  ' +
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
  );
  const alerts = sample.alerts.length
    ? sample.alerts.map((a) => `  ALERT ${a.rule}: ${a.message}`)
    : [];
  return [head, ...table, ...alerts].join('\n') + '\n';
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Samples the running process tree every `intervalS` and prints each sample. A first, silent
 * reading primes the CPU figures, so every printed sample has CPU over a full interval.
 */
export async function runMonitorCommand(
  monitor: Monitor,
  out: NodeJS.WritableStream,
  options: MonitorCommandOptions,
): Promise<void> {
  const wasRunning = monitor.running;
  monitor.stop();
  try {
    monitor.setIntervalSeconds(options.intervalS);
    monitor.tick();
    for (let printed = 0; options.count === undefined || printed < options.count; printed++) {
      await sleep(options.intervalS * 1000, options.signal);
      if (options.signal?.aborted) break;
      const sample = monitor.tick();
      if (options.json) writeJsonLine(out, monitorJsonLine(sample));
      else out.write(textBlock(sample));
    }
  } finally {
    if (wasRunning) monitor.start();
  }
}

export function parseMonitorFlags(flags: FlagValues): Omit<MonitorCommandOptions, 'signal'> {
  const raw = flags.interval;
  const intervalS = raw === undefined ? 1 : Number(raw);
  if (!Number.isFinite(intervalS) || intervalS < 0.25 || intervalS > 60) {
    throw new UsageError(
      `--interval must be a number of seconds from 0.25 to 60, got ${JSON.stringify(raw)}`,
    );
  }
  const count = flags.count === undefined ? undefined : intFlag(flags, 'count', 1);
  return { json: flags.json === true, intervalS, count };
}

/** `skr monitor`: samples this process and its workers. */
export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'Sample memory, CPU, handles and threads of this process and its workers',
  usage: 'monitor [--json] [--interval S] [--count N]',
  options: { json: { type: 'boolean' }, interval: { type: 'string' }, count: { type: 'string' } },
  async run(ctx) {
    const options = parseMonitorFlags(ctx.flags);
    const { monitor } = await ctx.core();
    const stop = new AbortController();
    const abort = () => stop.abort();
    process.once('SIGINT', abort);
    try {
      await runMonitorCommand(monitor, ctx.stdout, { ...options, signal: stop.signal });
    } finally {
      process.off('SIGINT', abort);
    }
    return 0;
  },
};

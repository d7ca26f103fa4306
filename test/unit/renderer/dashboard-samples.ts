import { MonitorSample, type ProcessSample } from '../../../shared/channels/monitor';

const MB = 1024 * 1024;

export function processSample(overrides: Partial<ProcessSample> & Pick<ProcessSample, 'pid' | 'name'>): ProcessSample {
  return {
    role: 'worker',
    rssBytes: 50 * MB,
    heapBytes: 20 * MB,
    cpuPercent: 5,
    cpuSecondsTotal: 1,
    fds: 20,
    threads: 8,
    uptimeS: 60,
    ...overrides,
  };
}

/** A sample as the core sends it, checked against the contract's schema. */
export function monitorSample(overrides: Partial<MonitorSample> = {}): MonitorSample {
  const processes = overrides.processes ?? [processSample({ pid: 100, name: 'host', role: 'host', rssBytes: 120 * MB, cpuPercent: 12 })];
  return MonitorSample.parse({
    ts: 1_700_000_000_000,
    intervalMs: 1000,
    processes,
    totals: { rssBytes: processes.reduce((a, p) => a + (p.rssBytes ?? 0), 0), cpuPercent: 12 },
    eventLoopDelayMs: { p50: 1, p99: 4, max: 9 },
    pool: { size: 2, busy: 0, queued: 0, restarts: 0 },
    readerPool: { size: 2, inUse: 0, waiting: 0, utilizationPercent: 10, waitMsP99: null },
    database: null,
    importRate: null,
    memoryGrowth: { percentPerHour: 1, r2: 0.9 },
    alerts: [],
    ...overrides,
  });
}

export { MB };

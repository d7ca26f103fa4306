// Overhead of the resource monitor: CPU per sample and memory for a full hour of history, with
// the main process and four real worker processes sampled. Budget (issue 5): sampling at 1 Hz
// under 0.5 % of one core and under 5 MB. Run: `npm run bench -- monitor`.
// Prints one JSON object, then a table.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { EventHub } from '../../electron/core/api/event-hub';
import { openAggregateStore } from '../../electron/core/monitor/aggregate-store';
import { Monitor, type MonitorOptions } from '../../electron/core/monitor/monitor';

const WORKERS = 4;
const HOUR_TICKS = 3600;
const LIVE_SECONDS = Number(process.env.BENCH_MONITOR_SECONDS ?? 10);
const BUDGET = { cpuPercentOfCore: 0.5, memoryBytes: 5 * 1024 * 1024 };

// scripts/bench.mjs runs node with --expose-gc; the flag can also be turned on late.
const gcOnce: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (v8.setFlagsFromString('--expose-gc'), vm.runInNewContext('gc') as () => void);
// Twice: the first pass can leave work to a concurrent marker still running.
const gc = () => (gcOnce(), gcOnce());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((p / 100) * (values.length - 1))]!;
const round = (v: number, digits = 3) => Number(v.toFixed(digits));

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skr-bench-monitor-'));
  const children: ChildProcess[] = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }),
  );
  await sleep(500);
  const store = openAggregateStore(path.join(dir, 'library.sqlite'));
  const events = new EventHub();
  // A transport forwarding samples, as in the app.
  let forwarded = 0;
  events.subscribe('monitor.sample', (s) => (forwarded += JSON.stringify(s).length > 0 ? 1 : 0));
  const options = (clock?: () => number): MonitorOptions => ({
    events,
    store,
    clock,
    self: { role: 'host', name: 'host' },
    sources: {
      workers: () => children.map((c, i) => ({ pid: c.pid!, name: `worker-${i + 1}` })),
      pool: () => ({ size: WORKERS, busy: 1, queued: 0, restarts: 0 }),
      readerPool: () => ({ size: 2, inUse: 1, waiting: 0, utilizationPercent: 30, waitMsP99: 0.4 }),
      channelStats: () => [],
      database: () => ({ dbBytes: 50e6, walBytes: 4e6 }),
      importRate: () => 0,
    },
  });

  try {
    // 1. A full hour of samples back to back (fake clock): CPU and wall time per sample, and
    //    what an hour of history holds in memory (60 minute aggregates are written on the way).
    gc();
    const heapBefore = process.memoryUsage();
    let now = Date.now();
    const monitor = new Monitor(options(() => now));
    const wall: number[] = [];
    const cpu0 = cpuMs();
    for (let i = 0; i < HOUR_TICKS; i++, now += 1000) {
      const t0 = performance.now();
      monitor.tick(now);
      wall.push(performance.now() - t0);
    }
    const cpuPerTickMs = (cpuMs() - cpu0) / HOUR_TICKS;
    gc();
    const heapAfter = process.memoryUsage();
    const retainedBytes =
      heapAfter.heapUsed - heapBefore.heapUsed + (heapAfter.arrayBuffers - heapBefore.arrayBuffers);
    const historyBytes = monitor.historyBytes();
    const processesSampled = monitor.latest()!.processes.length;
    monitor.close();

    // 2. Live: the real 1 Hz timer (plus the event-loop-delay histogram) against the same
    //    process idling without a monitor.
    const baseline0 = cpuMs();
    await sleep(LIVE_SECONDS * 1000);
    const baselineMs = cpuMs() - baseline0;
    const live = new Monitor(options());
    const live0 = cpuMs();
    live.start();
    await sleep(LIVE_SECONDS * 1000);
    const liveMs = cpuMs() - live0;
    live.close();
    const liveOverheadPercent = Math.max(0, ((liveMs - baselineMs) / (LIVE_SECONDS * 1000)) * 100);

    const cpuPercentAt1Hz = cpuPerTickMs / 10; // ms per 1000 ms, as a percentage
    const result = {
      bench: 'monitor',
      processesSampled,
      ticks: HOUR_TICKS,
      cpuMsPerSample: round(cpuPerTickMs),
      wallMsPerSample: { p50: round(percentile(wall, 50)), p99: round(percentile(wall, 99)) },
      cpuPercentOfCoreAt1Hz: round(cpuPercentAt1Hz),
      live: {
        seconds: LIVE_SECONDS,
        cpuMsWithMonitor: round(liveMs, 1),
        cpuMsIdleBaseline: round(baselineMs, 1),
        overheadPercentOfCore: round(liveOverheadPercent),
      },
      memory: { historyBytesOneHour: historyBytes, retainedBytesOneHour: retainedBytes },
      budget: BUDGET,
      withinBudget:
        Math.max(cpuPercentAt1Hz, liveOverheadPercent) < BUDGET.cpuPercentOfCore &&
        Math.max(historyBytes, retainedBytes) < BUDGET.memoryBytes,
      samplesForwarded: forwarded,
    };
    console.log(JSON.stringify(result));
    const mb = (b: number) => `${(b / 1048576).toFixed(2)} MB`;
    console.table({
      'CPU per sample': { value: `${result.cpuMsPerSample} ms`, budget: '' },
      'CPU at 1 Hz (from per-sample cost)': {
        value: `${result.cpuPercentOfCoreAt1Hz} % of a core`,
        budget: '< 0.5 %',
      },
      [`CPU at 1 Hz (live ${LIVE_SECONDS} s vs idle)`]: {
        value: `${result.live.overheadPercentOfCore} % of a core`,
        budget: '< 0.5 %',
      },
      'Wall per sample p50 / p99': {
        value: `${result.wallMsPerSample.p50} / ${result.wallMsPerSample.p99} ms`,
        budget: '',
      },
      'History, one hour (typed arrays)': { value: mb(historyBytes), budget: '< 5 MB' },
      'Retained after one hour (heap + buffers)': { value: mb(retainedBytes), budget: '< 5 MB' },
    });
  } finally {
    store.close();
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

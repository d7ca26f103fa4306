import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../electron/core/api/event-hub';
import { Router, type Handlers } from '../../../electron/core/api/router';
import { monitorHandlers } from '../../../electron/core/api/handlers/monitor.handlers';
import { Monitor, type MonitorOptions } from '../../../electron/core/monitor/monitor';
import { openAggregateStore } from '../../../electron/core/monitor/aggregate-store';
import { renderPrometheus } from '../../../electron/core/monitor/prometheus';
import { processesFromAppMetrics } from '../../../electron/core/monitor/electron-metrics';
import { MonitorSample, type MonitorAlertEvent } from '../../../shared/channels/monitor';

const MIN = 60_000;
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function makeMonitor(options: Partial<MonitorOptions> = {}) {
  let now = 1_700_000_000_000;
  const events = new EventHub();
  const monitor = new Monitor({ events, clock: () => now, log: () => undefined, ...options });
  cleanups.push(() => monitor.close());
  return { monitor, events, advance: (ms: number) => (now += ms), now: () => now };
}

describe('Monitor', () => {
  it('samples itself: real figures, CPU null on the first reading and a number after', () => {
    const { monitor, advance } = makeMonitor({ self: { role: 'host', name: 'host' } });
    const first = monitor.tick();
    expect(MonitorSample.parse(first)).toEqual(first);
    const self = first.processes[0]!;
    expect(self).toMatchObject({ pid: process.pid, role: 'host', name: 'host', cpuPercent: null });
    expect(self.rssBytes).toBeGreaterThan(10 * 1048576);
    expect(self.heapBytes).toBeGreaterThan(1048576);
    if (process.platform === 'linux') {
      expect(self.fds).toBeGreaterThan(3);
      expect(self.threads).toBeGreaterThan(1);
    }
    advance(1000);
    const second = monitor.tick();
    expect(second.processes[0]!.cpuPercent).toEqual(expect.any(Number));
  });

  it('marks what a platform cannot give as null rather than inventing it', () => {
    const { monitor, advance } = makeMonitor({
      platform: 'darwin',
      sources: { workers: () => [{ pid: 999_999, name: 'worker-1' }] },
    });
    monitor.tick();
    advance(1000);
    const [self, worker] = monitor.tick().processes;
    expect(self!.rssBytes).toBeGreaterThan(0);
    expect(self!.cpuPercent).toEqual(expect.any(Number));
    expect([self!.fds, self!.threads]).toEqual([null, null]);
    expect(worker).toMatchObject({
      name: 'worker-1',
      role: 'worker',
      rssBytes: null,
      cpuPercent: null,
      fds: null,
    });
  });

  it("lists Electron's renderer and GPU processes from the injected extra source", () => {
    const metrics = [
      {
        pid: process.pid,
        type: 'Browser',
        cpu: { percentCPUUsage: 1 },
        memory: { workingSetSize: 1 },
      },
      {
        pid: 999_001,
        type: 'Tab',
        cpu: { percentCPUUsage: 3.5 },
        memory: { workingSetSize: 2048 },
      },
      { pid: 999_002, type: 'Tab', cpu: { percentCPUUsage: 1 }, memory: { workingSetSize: 1024 } },
      {
        pid: 999_003,
        type: 'GPU',
        name: 'GPU Process',
        cpu: { percentCPUUsage: 0.5 },
        memory: { workingSetSize: 4096 },
      },
    ];
    const { monitor } = makeMonitor({
      platform: 'darwin',
      extraProcessSource: () => processesFromAppMetrics(metrics),
    });
    const listed = monitor.tick().processes.map((p) => [p.role, p.name, p.rssBytes, p.cpuPercent]);
    expect(listed.slice(1)).toEqual([
      ['renderer', 'renderer', 2048 * 1024, 3.5],
      ['renderer', 'renderer-999002', 1024 * 1024, 1],
      ['gpu', 'GPU Process', 4096 * 1024, 0.5],
    ]);
  });

  it('takes app figures from the injected sources and survives a throwing one', () => {
    const logs: string[] = [];
    const { monitor } = makeMonitor({
      log: (m) => logs.push(m),
      sources: {
        pool: () => ({ size: 2, busy: 1, queued: 3, restarts: 0 }),
        readerPool: () => {
          throw new Error('reader pool closed');
        },
        database: () => ({ dbBytes: 1000, walBytes: 10 }),
        importRate: () => 12.5,
      },
    });
    const sample = monitor.tick();
    expect(sample.pool).toEqual({ size: 2, busy: 1, queued: 3, restarts: 0 });
    expect(sample.readerPool).toBeNull();
    expect(sample.database).toEqual({ dbBytes: 1000, walBytes: 10 });
    expect(sample.importRate).toBe(12.5);
    monitor.tick();
    expect(logs).toEqual(['[monitor] source readerPool failed: reader pool closed']);
  });

  it('fires and resolves alerts as events, from rules and from the router resource.warning', () => {
    let util = 95;
    const { monitor, events, advance } = makeMonitor({
      sources: {
        readerPool: () => ({
          size: 2,
          inUse: 2,
          waiting: 1,
          utilizationPercent: util,
          waitMsP99: 5,
        }),
      },
    });
    const seen: MonitorAlertEvent[] = [];
    events.subscribe('monitor.alert', (e) => seen.push(e));
    for (let i = 0; i <= 30; i++, advance(1000)) monitor.tick();
    expect(seen.map((e) => [e.state, e.alert.rule])).toEqual([['fired', 'readerPool']]);
    expect(monitor.latest()!.alerts.map((a) => a.rule)).toEqual(['readerPool']);
    util = 10;
    for (let i = 0; i <= 30; i++, advance(1000)) monitor.tick();
    expect(seen.map((e) => [e.state, e.alert.rule])).toEqual([
      ['fired', 'readerPool'],
      ['resolved', 'readerPool'],
    ]);

    events.emit('resource.warning', {
      kind: 'call_memory_delta',
      channel: 'x.y',
      rssDeltaBytes: 60 * 1048576,
      heapDeltaBytes: 0,
      thresholdBytes: 50 * 1048576,
      at: 1,
    });
    expect(seen.at(-1)).toMatchObject({
      state: 'fired',
      alert: { rule: 'callMemory', subject: 'x.y' },
    });
    expect(monitor.alerts().history.map((a) => a.rule)).toEqual(['readerPool']);
  });

  it('emits monitor.sample on each tick', () => {
    const { monitor, events } = makeMonitor();
    const samples: number[] = [];
    events.subscribe('monitor.sample', (s) => samples.push(s.ts));
    monitor.tick();
    monitor.tick();
    expect(samples).toHaveLength(2);
  });

  it('keeps an hour at full resolution and serves windows from it', () => {
    const { monitor, advance } = makeMonitor({ intervalMs: 1000 });
    for (let i = 0; i < 3700; i++, advance(1000)) monitor.tick();
    const hour = monitor.historyFor('1h', 10_000);
    expect(hour.ts).toHaveLength(3600);
    expect(hour.resolutionMs).toBe(1000);
    const min = monitor.historyFor('1m', 720);
    expect(min.ts.length).toBeGreaterThanOrEqual(59);
    expect(min.ts.length).toBeLessThanOrEqual(61);
    expect(min.series['app.rssBytes']!.every((v) => v !== null && v > 0)).toBe(true);
    const coarse = monitor.historyFor('1h', 100);
    expect(coarse.ts).toHaveLength(100);
    expect(coarse.resolutionMs).toBe(36_000);
  });

  it('persists minute aggregates, serves 24h from them and prunes past the retention', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skr-monitor-'));
    const store = openAggregateStore(path.join(dir, 'library.sqlite'));
    cleanups.push(() => (store.close(), rmSync(dir, { recursive: true, force: true })));
    const { monitor, advance, now } = makeMonitor({ store, intervalMs: 60_000, retentionDays: 1 });
    // 30 hours, one sample a minute: the store keeps one row a minute, pruned hourly to a day
    for (let i = 0; i < 30 * 60; i++, advance(MIN)) monitor.tick();
    const rows = store.readMinutes(0, Infinity);
    expect(rows.length).toBeGreaterThan(24 * 60 - 5);
    expect(rows.length).toBeLessThanOrEqual(25 * 60);
    expect(rows[0]!.minute).toBeGreaterThanOrEqual(now() - 25 * 60 * MIN);
    const day = monitor.historyFor('24h', 240);
    expect(day.ts).toHaveLength(240);
    expect(day.resolutionMs).toBe(6 * MIN);
    const rss = day.series['app.rssBytes']!;
    day.min!['app.rssBytes']!.forEach((lo, i) => expect(lo!).toBeLessThanOrEqual(rss[i]!));
  });

  it('validates rules and names the field at fault through the router', async () => {
    const { monitor, events } = makeMonitor();
    const router = new Router(monitorHandlers(monitor) as Handlers, {
      events,
      validateOutput: true,
    });
    const bad = await router.invoke(
      'monitor.rules.set',
      { cpu: { resolveBelow: 90 } },
      { transport: 'cli' },
    );
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'cpu.resolveBelow: resolveBelow must not exceed threshold (it is the hysteresis band)',
      },
    });
    const typo = await router.invoke(
      'monitor.rules.set',
      { cpu: { treshold: 1 } },
      { transport: 'cli' },
    );
    expect(typo).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('treshold') },
    });
    const good = await router.invoke(
      'monitor.rules.set',
      { cpu: { threshold: 90, resolveBelow: 80 } },
      { transport: 'cli' },
    );
    expect(good).toMatchObject({
      ok: true,
      value: { cpu: { enabled: true, threshold: 90, resolveBelow: 80, forSeconds: 60 } },
    });
    expect(monitor.rules().cpu.threshold).toBe(90);
    const interval = await router.invoke(
      'monitor.setInterval',
      { seconds: 0.1 },
      { transport: 'cli' },
    );
    expect(interval).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^seconds: /) },
    });
  });

  it('answers every monitor channel with output that matches the contract', async () => {
    const { monitor, events, advance } = makeMonitor({
      sources: {
        channelStats: () => [
          { channel: 'app.info', calls: 3, errors: 0, p50Ms: 1, p99Ms: 2, maxMemoryDeltaBytes: 0 },
        ],
      },
    });
    const router = new Router(monitorHandlers(monitor) as Handlers, {
      events,
      validateOutput: true,
    });
    for (let i = 0; i < 5; i++, advance(1000)) monitor.tick();
    const call = (channel: string, input?: unknown) =>
      router.invoke(channel, input, { transport: 'cli' });
    expect(await call('monitor.snapshot', { window: '1m' })).toMatchObject({
      ok: true,
      value: { history: { window: '1m' }, channels: [{ channel: 'app.info' }] },
    });
    expect(await call('monitor.processes')).toMatchObject({
      ok: true,
      value: [{ pid: process.pid }],
    });
    expect(await call('monitor.alerts')).toEqual({ ok: true, value: { active: [], history: [] } });
    expect(await call('monitor.rules.get')).toMatchObject({
      ok: true,
      value: { memory: { threshold: 512 * 1048576 } },
    });
    const report = await call('monitor.report');
    expect(report.ok && (report.value as { markdown: string }).markdown).toContain(
      '| Memory Baseline |',
    );
    const csv = await call('monitor.export', { format: 'csv', window: '1m' });
    const content = csv.ok ? (csv.value as { content: string }).content : '';
    const lines = content.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^ts,time,.*app\.rssBytes/);
    const json = await call('monitor.export', { format: 'json', window: '1m' });
    expect(JSON.parse((json as { value: { content: string } }).value.content).samples).toHaveLength(
      5,
    );
    expect(await call('monitor.setInterval', { seconds: 2 })).toEqual({
      ok: true,
      value: { intervalMs: 2000 },
    });
  });
});

describe('renderPrometheus', () => {
  it('renders conventional metric names with role, name and pid labels', () => {
    const { monitor, advance } = makeMonitor({
      sources: { pool: () => ({ size: 2, busy: 1, queued: 0, restarts: 4 }) },
    });
    monitor.tick();
    advance(1000);
    const text = renderPrometheus(monitor.tick());
    const label = `{role="main",name="main",pid="${process.pid}"}`;
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(text).toMatch(
      new RegExp(`^process_resident_memory_bytes${label.replace(/[{}]/g, '\\$&')} \\d+$`, 'm'),
    );
    expect(text).toContain(`# TYPE process_cpu_seconds_total counter`);
    expect(text).toContain('skr_pool_restarts_total 4');
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{quantile="0.99"\} [\d.e-]+$/m);
    // every sample line is `name{labels} number`
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+-]+$/);
    }
  });

  it('escapes label values', () => {
    const { monitor } = makeMonitor({ self: { role: 'main', name: 'a"b\\c' } });
    expect(renderPrometheus(monitor.tick())).toContain('name="a\\"b\\\\c"');
  });
});

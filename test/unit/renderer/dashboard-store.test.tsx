// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, MonitorWindow } from '../../../shared/channels/monitor';
import { EventHub } from '../../../electron/core/api/event-hub';
import { Monitor } from '../../../electron/core/monitor/monitor';
import { HOUR_BUCKET_MS, hourBuckets, pointFromSample, pointsFromHistory } from '../../../renderer/features/dashboard/chart-points';
import { DashboardControls } from '../../../renderer/features/dashboard/DashboardControls';
import { LiveCharts } from '../../../renderer/features/dashboard/LiveCharts';
import { LIMITS, useMonitorStore } from '../../../renderer/stores/monitor-store';
import { MB, monitorSample, processSample } from './dashboard-samples';

const T0 = 1_700_000_000_000;
const store = () => useMonitorStore.getState();

/** A host process whose memory grows by 1 MB per tick, so every sample is distinguishable. */
const tickSample = (i: number) =>
  monitorSample({
    ts: T0 + i * 1000,
    processes: [processSample({ pid: 1, name: 'host', role: 'host', rssBytes: (100 + i) * MB })],
  });

beforeEach(() => store().reset());
afterEach(cleanup);

describe('monitor store', () => {
  it('keeps at most an hour of samples, so memory stays flat', () => {
    for (let i = 0; i < LIMITS.recentPoints + 500; i++) store().ingestSample(tickSample(i));
    const { recent, received, latest } = store();
    expect(received).toBe(LIMITS.recentPoints + 500);
    expect(recent).toHaveLength(LIMITS.recentPoints);
    expect(recent[recent.length - 1]!.ts).toBe(latest!.ts);
    expect(latest!.ts - recent[0]!.ts).toBeLessThan(3_600_000);
  });

  it('drops points older than an hour even at a faster interval', () => {
    store().ingestSample(tickSample(0));
    store().ingestSample(tickSample(3601));
    expect(store().recent.map((p) => p.ts)).toEqual([T0 + 3_601_000]);
  });

  it('shows the chosen window, averaged down to a few hundred points for the hour', () => {
    for (let i = 0; i < 3600; i++) store().ingestSample(tickSample(i));
    const window = (w: MonitorWindow) => {
      store().setWindow(w);
      return store().shown;
    };
    expect(window('1m').length).toBeLessThanOrEqual(61);
    expect(window('5m').length).toBeLessThanOrEqual(301);
    const hour = window('1h');
    expect(hour.length).toBeLessThanOrEqual(360);
    expect(hour[hour.length - 1]!.ts).toBe(T0 + 3_599_000);
    expect(hour[hour.length - 1]!['proc.host.rssBytes']).toBeLessThan(3699 * MB);
  });

  it('keeps the 1 h chart as clock-aligned 10 s averages, updated one bucket at a time', () => {
    for (let i = 0; i < 5000; i++) store().ingestSample(tickSample(i));
    const { hourly, recent } = store();
    expect(hourly.length).toBeGreaterThanOrEqual(359);
    expect(hourly.length).toBeLessThanOrEqual(361);
    // The same as averaging the whole hour afresh (the oldest bucket may hold points trimmed since).
    expect(hourly.slice(1)).toEqual(hourBuckets(recent).slice(1));
    const complete = hourly[hourly.length - 2]!;
    const bucketStart = Math.floor(complete.ts / HOUR_BUCKET_MS) * HOUR_BUCKET_MS;
    const inBucket = recent.filter((p) => p.ts >= bucketStart && p.ts <= complete.ts);
    expect(inBucket).toHaveLength(10);
    const mean = inBucket.reduce((a, p) => a + p['proc.host.rssBytes']!, 0) / inBucket.length;
    expect(complete['proc.host.rssBytes']).toBeCloseTo(mean);
  });

  it('freezes the charts while paused and catches up on resume', () => {
    store().ingestSample(tickSample(0));
    store().setPaused(true);
    const frozen = store().shown;
    store().ingestSample(tickSample(1));
    store().ingestSample(tickSample(2));
    expect(store().shown).toBe(frozen);
    expect(store().received).toBe(3);
    expect(store().latest!.ts).toBe(T0 + 2000);
    store().setPaused(false);
    expect(store().shown.map((p) => p.ts)).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('tracks alerts: fired ones are active, resolved ones go to history newest first', () => {
    const alert = (rule: Alert['rule'], firedAt: number, resolvedAt: number | null = null): Alert => ({
      id: `${rule}:${firedAt}`, rule, message: `${rule} over target`, value: 1, threshold: 0, subject: null, firedAt, resolvedAt,
    });
    store().ingestAlert({ state: 'fired', alert: alert('memory', 1) });
    store().ingestAlert({ state: 'fired', alert: alert('cpu', 2) });
    expect(store().alerts.active.map((a) => a.rule)).toEqual(['memory', 'cpu']);
    store().ingestAlert({ state: 'resolved', alert: alert('memory', 1, 5) });
    store().ingestAlert({ state: 'resolved', alert: alert('cpu', 2, 6) });
    expect(store().alerts.active).toEqual([]);
    expect(store().alerts.history.map((a) => a.id)).toEqual(['cpu:2', 'memory:1']);
    // The next sample's active list is the core's word.
    store().ingestSample(monitorSample({ alerts: [alert('handles', 7)] }));
    expect(store().alerts.active.map((a) => a.rule)).toEqual(['handles']);
  });

  it('merges a fetched history with samples that arrived before it', () => {
    store().ingestSample(tickSample(5));
    store().setRecentHistory({ window: '1h', resolutionMs: 1000, ts: [T0, T0 + 1000, T0 + 5000], series: { 'proc.host.rssBytes': [1, 2, 3] } });
    expect(store().recent.map((p) => p.ts - T0)).toEqual([0, 1000, 5000]);
    store().ingestSample(tickSample(6));
    expect(store().recent.map((p) => p.ts - T0)).toEqual([0, 1000, 5000, 6000]);
  });

  it('appends one live point per minute to the 24 h minute aggregates', () => {
    store().setDailyHistory({ window: '24h', resolutionMs: 60_000, ts: [T0 - 60_000], series: { 'proc.host.rssBytes': [5 * MB] } });
    store().setWindow('24h');
    for (let i = 0; i < 130; i++) store().ingestSample(tickSample(i));
    expect(store().daily!.map((p) => p.ts - T0)).toEqual([-60_000, 0, 60_000, 120_000]);
    expect(store().shown).toHaveLength(4);
  });

  it('reads live samples and fetched history under the same keys as the real monitor core', () => {
    let now = T0;
    const monitor = new Monitor({ events: new EventHub(), self: { role: 'host', name: 'host' }, clock: () => now });
    try {
      for (let i = 0; i < 3; i++, now += 1000) monitor.tick();
      const live = pointFromSample(monitor.latest()!);
      const fetched = pointsFromHistory(monitor.historyFor('1h', 100)).at(-1)!;
      for (const key of ['proc.host.rssBytes', 'proc.host.cpuPercent', 'proc.host.fds', 'proc.host.threads', 'el.p99Ms']) {
        expect(live[key], key).toBeTypeOf('number');
        expect(fetched[key], key).toBeCloseTo(live[key]!, -3);
      }
    } finally {
      monitor.close();
    }
  });
});

describe('pause in the dashboard', () => {
  it('stops the chart summaries while samples keep counting, and resumes', async () => {
    const user = userEvent.setup();
    const windows: MonitorWindow[] = [];
    render(
      <>
        <DashboardControls onWindowChange={(w) => { windows.push(w); store().setWindow(w); }} />
        <LiveCharts />
      </>,
    );
    act(() => store().ingestSample(tickSample(0)));
    const memory = screen.getByTestId('memory-latest');
    expect(memory.textContent).toContain('host 100 MB');

    const pause = screen.getByRole('button', { name: 'Pause' });
    await user.click(pause);
    expect(pause.textContent).toBe('Resume');
    act(() => store().ingestSample(tickSample(20)));
    expect(memory.textContent).toContain('host 100 MB');
    expect(screen.getByTestId('feed-status').textContent).toMatch(/Charts paused · 2 samples/);

    await user.click(pause);
    expect(pause.textContent).toBe('Pause');
    expect(memory.textContent).toContain('host 120 MB');

    await user.click(screen.getByRole('radio', { name: '1 h' }));
    expect(windows).toEqual(['1h']);
    expect(store().window).toBe('1h');
  });

  it('names every chart by its heading and describes its latest values', () => {
    render(<LiveCharts />);
    act(() =>
      store().ingestSample(
        monitorSample({
          processes: [
            processSample({ pid: 1, name: 'host', role: 'host', rssBytes: 100 * MB }),
            processSample({ pid: 2, name: 'worker-1', rssBytes: 50 * MB }),
          ],
        }),
      ),
    );
    const figures = screen.getAllByRole('figure');
    expect(figures.map((f) => f.querySelector('h3')!.textContent)).toEqual([
      'Memory per process', 'CPU per process', 'Open handles', 'Threads', 'Event-loop delay', 'Worker pool',
    ]);
    expect(screen.getByRole('figure', { name: 'Memory per process' })).toBe(figures[0]);
    expect(screen.getByTestId('memory-latest').textContent).toMatch(/host 100 MB, worker-1 50\.0 MB \(total 150 MB\)/);
    expect(screen.getByTestId('event-loop-latest').textContent).toMatch(/p50 1\.0 ms, p99 4\.0 ms, max 9\.0 ms/);
  });
});

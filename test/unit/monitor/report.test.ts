import { describe, expect, it } from 'vitest';
import { buildReport, scoreAgainstTarget } from '../../../electron/core/monitor/report';
import type { ReportData } from '../../../electron/core/monitor/monitor';
import { DEFAULT_ALERT_RULES, type MonitorSample } from '../../../shared/channels/monitor';

const MB = 1048576;
const T0 = Date.UTC(2025, 8, 8, 12, 0, 0);

function data(over: {
  rss: number;
  fds: number;
  reader: number;
  cpu: number;
  p99: number;
  growth: number | null;
}): ReportData {
  const n = 600;
  const ts = Array.from({ length: n }, (_, i) => T0 + i * 1000);
  const fill = (v: number) => ts.map(() => v);
  const latest: MonitorSample = {
    ts: ts[n - 1]!,
    intervalMs: 1000,
    processes: [
      {
        pid: 10,
        role: 'host',
        name: 'host',
        rssBytes: over.rss * 0.6,
        heapBytes: 40 * MB,
        cpuPercent: over.cpu,
        cpuSecondsTotal: 9,
        fds: 30,
        threads: 11,
        uptimeS: 600,
      },
      {
        pid: 11,
        role: 'worker',
        name: 'worker-1',
        rssBytes: over.rss * 0.4,
        heapBytes: null,
        cpuPercent: 50,
        cpuSecondsTotal: 90,
        fds: over.fds,
        threads: 7,
        uptimeS: 600,
      },
    ],
    totals: { rssBytes: over.rss, cpuPercent: over.cpu + 50 },
    eventLoopDelayMs: { p50: 0.3, p99: over.p99, max: over.p99 },
    pool: { size: 2, busy: 1, queued: 0, restarts: 0 },
    readerPool: { size: 2, inUse: 1, waiting: 0, utilizationPercent: over.reader, waitMsP99: 3 },
    database: { dbBytes: 10 * MB, walBytes: MB },
    importRate: 0,
    memoryGrowth: over.growth === null ? null : { percentPerHour: over.growth, r2: 0.95 },
    alerts: [],
  };
  return {
    generatedAt: T0 + n * 1000,
    startedAt: T0,
    intervalMs: 1000,
    latest,
    lastHour: {
      ts,
      series: {
        'app.rssBytes': fill(over.rss),
        'proc.host.cpuPercent': fill(over.cpu),
        'proc.host.fds': fill(30),
        'proc.worker-1.fds': fill(over.fds),
        'reader.utilizationPercent': fill(over.reader),
        'el.p50Ms': fill(0.3),
        'el.p99Ms': fill(over.p99),
        'el.maxMs': fill(over.p99),
      },
    },
    alerts: { active: [], history: [] },
    rules: DEFAULT_ALERT_RULES,
    channels: [],
  };
}

/** A row of the health table (the scores table above it has rows of the same names). */
const row = (md: string, resource: string) =>
  md
    .slice(md.indexOf('### Current Resource Usage'))
    .split('\n')
    .find((l) => l.startsWith(`| ${resource} |`));

describe('buildReport', () => {
  it('scores against the targets: half or less is 10, the target 7, beyond it falls fast', () => {
    expect(scoreAgainstTarget(100, 512)).toBe(10);
    expect(scoreAgainstTarget(512, 512)).toBe(7);
    expect(scoreAgainstTarget(85, 80)).toBe(6);
    expect(scoreAgainstTarget(160, 80)).toBe(0);
  });

  it('fills the health table from measured figures, with a status per target', () => {
    const md = buildReport(
      data({ rss: 450 * MB, fds: 85, reader: 85, cpu: 65, p99: 12, growth: 7 }),
    );
    expect(md).toMatch(/^# Memory & Resource Performance Analysis Report$/m);
    expect(row(md, 'Memory Baseline')).toBe('| Memory Baseline | 450MB | <512MB | ✅ Good |');
    expect(row(md, 'Memory Growth')).toBe(
      '| Memory Growth | 7.0%/hour | <5%/hour | ⚠️ Needs Optimization |',
    );
    expect(row(md, 'File Handles')).toBe('| File Handles | 85 | <100 | ✅ Good |');
    expect(row(md, 'Connection Pool')).toBe(
      '| Connection Pool | 85% | <80% | ⚠️ Needs Optimization |',
    );
    expect(row(md, 'CPU Usage')).toBe('| CPU Usage | 65% | <70% | ✅ Good |');
    expect(md).toContain(
      '3 of 5 measured targets met; needs attention: Memory Growth, Connection Pool',
    );
    expect(md).toMatch(/1\. \*\*Critical:\*\* Memory climbs steadily/);
    expect(md).toContain('The reader pool is 85% busy on average');
    expect(md).toContain('| worker | worker-1 | 11 |');
  });

  it('recommends nothing and scores high when every figure is well within target', () => {
    const md = buildReport(
      data({ rss: 120 * MB, fds: 20, reader: 10, cpu: 3, p99: 2, growth: 0.5 }),
    );
    expect(md).toContain('**Excellent (10/10)**');
    expect(md).toContain('No action needed: every measured figure is within its target.');
    expect(md).toContain('No alerts fired.');
  });

  it('does not let an average hide one failing area, and says what it could not measure', () => {
    const md = buildReport(
      data({ rss: 2000 * MB, fds: 20, reader: 10, cpu: 3, p99: 2, growth: null }),
    );
    expect(md).toContain('| Memory Growth | — | <5%/hour | ➖ Not measured |');
    expect(md).toMatch(/\*\*Poor \(3\/10\)\*\*/);
    expect(md).toContain('the largest process is host');
  });
});

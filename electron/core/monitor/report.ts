import type { ChannelStat } from '../../../shared/channels/app';
import type { Alert, AlertRules, ProcessSample } from '../../../shared/channels/monitor';
import type { ReportData } from './monitor';

const MB = 1048576;

interface Figure {
  value: number | null;
  /** Extra context for the table, e.g. the peak or the process. */
  note?: string;
}

interface HealthRow {
  resource: string;
  figure: Figure;
  target: number;
  format: (v: number) => string;
  targetText: string;
}

function known(values: readonly (number | null)[] | undefined): number[] {
  return (values ?? []).filter((v): v is number => v !== null);
}
const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
const median = (v: number[]) =>
  v.length ? [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]! : null;
const peak = (v: number[]) => (v.length ? Math.max(...v) : null);
const mb = (v: number) => `${Math.round(v / MB)}MB`;
const pct = (v: number) => `${Math.round(v)}%`;

/**
 * 0–10 from how close a figure is to its target: half the target or less scores 10, the target
 * itself 7, and each tenth beyond it costs a point.
 */
export function scoreAgainstTarget(value: number, target: number): number {
  const r = target > 0 ? value / target : 0;
  const score = r <= 0.5 ? 10 : r <= 1 ? 10 - (r - 0.5) * 6 : 7 - (r - 1) * 10;
  return Math.max(0, Math.min(10, Math.round(score)));
}

function label(score: number): string {
  return score >= 9 ? 'Excellent' : score >= 7 ? 'Good' : score >= 5 ? 'Fair' : 'Poor';
}

function mainProcess(data: ReportData): ProcessSample | null {
  return (
    data.latest?.processes.find(
      (p) => p.role === 'main' || p.role === 'host' || p.role === 'cli',
    ) ?? null
  );
}

function healthRows(data: ReportData): HealthRow[] {
  const { rules, lastHour } = data;
  const s = lastHour.series;
  const rss = known(s['app.rssBytes']);
  const growth = data.latest?.memoryGrowth ?? null;
  const busiest = [...(data.latest?.processes ?? [])].sort(
    (a, b) => (b.fds ?? -1) - (a.fds ?? -1),
  )[0];
  const fdPeak = peak(
    Object.keys(s)
      .filter((k) => k.endsWith('.fds'))
      .flatMap((k) => known(s[k])),
  );
  const reader = known(s['reader.utilizationPercent']);
  const main = mainProcess(data);
  const cpu = main ? known(s[`proc.${main.name}.cpuPercent`]) : [];
  return [
    {
      resource: 'Memory Baseline',
      figure: {
        value: median(rss),
        note: rss.length ? `median of the whole app; peak ${mb(peak(rss)!)}` : undefined,
      },
      target: rules.memory.threshold,
      format: mb,
      targetText: `<${mb(rules.memory.threshold)}`,
    },
    {
      resource: 'Memory Growth',
      figure: growth
        ? {
            value: growth.r2 >= rules.memoryGrowth.minR2 ? growth.percentPerHour : 0,
            note: `slope ${growth.percentPerHour.toFixed(1)}%/hour, R² ${growth.r2.toFixed(2)}`,
          }
        : {
            value: null,
            note: `needs ${rules.memoryGrowth.warmupMinutes + rules.memoryGrowth.windowMinutes / 2} min of samples`,
          },
      target: rules.memoryGrowth.threshold,
      format: (v) => `${v.toFixed(1)}%/hour`,
      targetText: `<${rules.memoryGrowth.threshold}%/hour`,
    },
    {
      resource: 'File Handles',
      figure:
        busiest?.fds != null
          ? { value: busiest.fds, note: `${busiest.name}; peak ${fdPeak}` }
          : { value: null },
      target: rules.handles.threshold,
      format: (v) => String(Math.round(v)),
      targetText: `<${rules.handles.threshold}`,
    },
    {
      resource: 'Connection Pool',
      figure: {
        value: mean(reader),
        note: reader.length
          ? `reader-pool utilisation, mean; peak ${pct(peak(reader)!)}`
          : 'no reader pool',
      },
      target: rules.readerPool.threshold,
      format: pct,
      targetText: `<${rules.readerPool.threshold}%`,
    },
    {
      resource: 'CPU Usage',
      figure: {
        value: mean(cpu),
        note: cpu.length ? `${main!.name} process, mean; peak ${pct(peak(cpu)!)}` : undefined,
      },
      target: rules.cpu.threshold,
      format: pct,
      targetText: `<${rules.cpu.threshold}%`,
    },
  ];
}

function statusOf(row: HealthRow): string {
  if (row.figure.value === null) return '➖ Not measured';
  return row.figure.value < row.target ? '✅ Good' : '⚠️ Needs Optimization';
}

interface Area {
  name: string;
  score: number | null;
  basis: string;
}

function areas(data: ReportData, rows: HealthRow[]): Area[] {
  const byName = new Map(rows.map((r) => [r.resource, r]));
  const scoreOf = (name: string) => {
    const row = byName.get(name)!;
    return row.figure.value === null ? null : scoreAgainstTarget(row.figure.value, row.target);
  };
  const memoryScores = [scoreOf('Memory Baseline'), scoreOf('Memory Growth')].filter(
    (s): s is number => s !== null,
  );
  const p99 = peak(known(data.lastHour.series['el.p99Ms']));
  return [
    {
      name: 'Memory Management',
      score: memoryScores.length ? Math.min(...memoryScores) : null,
      basis: 'baseline and growth against their targets',
    },
    {
      name: 'File Handle Management',
      score: scoreOf('File Handles'),
      basis: 'open handles of the busiest process',
    },
    {
      name: 'Connection Pool',
      score: scoreOf('Connection Pool'),
      basis: 'reader-pool utilisation',
    },
    { name: 'CPU Usage', score: scoreOf('CPU Usage'), basis: 'main-process CPU' },
    {
      name: 'Responsiveness',
      score: p99 === null ? null : scoreAgainstTarget(p99, data.rules.eventLoop.threshold),
      basis: 'worst event-loop delay p99',
    },
  ];
}

interface Recommendation {
  severity: number;
  text: string;
}

function recommendations(data: ReportData, rows: HealthRow[]): Recommendation[] {
  const out: Recommendation[] = [];
  const { rules, latest, lastHour } = data;
  const row = (name: string) => rows.find((r) => r.resource === name)!;
  const over = (name: string) => {
    const r = row(name);
    return r.figure.value !== null && r.figure.value >= r.target ? r.figure.value / r.target : 0;
  };

  if (over('Memory Growth')) {
    const procs = latest?.processes ?? [];
    const grower = procs
      .map((p) => ({
        p,
        first: known(lastHour.series[`proc.${p.name}.rssBytes`])[0] ?? p.rssBytes ?? 0,
      }))
      .sort((a, b) => (b.p.rssBytes ?? 0) - b.first - ((a.p.rssBytes ?? 0) - a.first))[0];
    out.push({
      severity: 3 + over('Memory Growth'),
      text: `Memory climbs steadily (${row('Memory Growth').figure.note}). ${grower ? `${grower.p.name} grew the most this hour; ` : ''}take two heap snapshots some minutes apart and compare retained objects.`,
    });
  }
  if (over('Memory Baseline')) {
    const biggest = [...(latest?.processes ?? [])].sort(
      (a, b) => (b.rssBytes ?? 0) - (a.rssBytes ?? 0),
    )[0];
    out.push({
      severity: 2 + over('Memory Baseline'),
      text: `Whole-app memory is ${row('Memory Baseline').format(row('Memory Baseline').figure.value!)} against ${row('Memory Baseline').targetText}; the largest process is ${biggest?.name} (${mb(biggest?.rssBytes ?? 0)}): lower its memory cap or recycle it sooner.`,
    });
  }
  if (over('File Handles')) {
    out.push({
      severity: 2 + over('File Handles'),
      text: `${row('File Handles').figure.note?.split(';')[0]} holds ${row('File Handles').figure.value} open handles (target ${row('File Handles').targetText}): look for files or streams that are opened and not closed.`,
    });
  }
  if (over('Connection Pool')) {
    out.push({
      severity: 2 + over('Connection Pool'),
      text: `The reader pool is ${row('Connection Pool').format(row('Connection Pool').figure.value!)} busy on average: add a reader thread or make the slowest queries cheaper${latest?.readerPool?.waitMsP99 != null ? ` (p99 wait ${Math.round(latest.readerPool.waitMsP99)} ms)` : ''}.`,
    });
  }
  if (over('CPU Usage')) {
    out.push({
      severity: 2 + over('CPU Usage'),
      text: `The main process uses ${row('CPU Usage').format(row('CPU Usage').figure.value!)} of a core on average: move the heavy work it does to the worker pool.`,
    });
  }
  const p99 = peak(known(lastHour.series['el.p99Ms']));
  if (p99 !== null && p99 >= rules.eventLoop.threshold) {
    const slowest = [...data.channels].sort((a, b) => b.p99Ms - a.p99Ms)[0];
    out.push({
      severity: 2 + p99 / rules.eventLoop.threshold,
      text: `The main event loop stalled up to ${Math.round(p99)} ms (p99 target <${rules.eventLoop.threshold} ms)${slowest ? `; the slowest channel is ${slowest.channel} (p99 ${Math.round(slowest.p99Ms)} ms)` : ''}: keep parsing and long queries off the main thread.`,
    });
  }
  const queued = peak(known(lastHour.series['pool.queued']));
  if (queued !== null && queued > 0 && latest?.pool && queued > 4 * Math.max(1, latest.pool.size)) {
    out.push({
      severity: 1.5,
      text: `Up to ${queued} tasks waited for ${latest.pool.size} pool workers: imports are CPU-bound; that is expected during a large import, otherwise add a worker.`,
    });
  }
  const restarts = latest?.pool?.restarts ?? 0;
  if (restarts > 0)
    out.push({
      severity: 1.5 + Math.min(restarts, 10) / 10,
      text: `Pool workers were restarted ${restarts} times: check the log for crashes, timeouts or memory caps.`,
    });
  for (const c of heavyCalls(data.channels, rules)) {
    out.push({
      severity: 1.8,
      text: `${c.channel} grew memory by ${mb(c.maxMemoryDeltaBytes)} in one call: page or stream its result.`,
    });
  }
  return out.sort((a, b) => b.severity - a.severity);
}

function heavyCalls(channels: ChannelStat[], rules: AlertRules): ChannelStat[] {
  return channels.filter((c) => c.maxMemoryDeltaBytes > rules.callMemory.threshold);
}

function table(header: string[], rows: string[][]): string[] {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
}

const opt = (v: number | null, f: (n: number) => string) => (v === null ? '—' : f(v));
const time = (ts: number) => new Date(ts).toISOString().replace('T', ' ').slice(0, 19);

function alertRows(alerts: Alert[]): string[][] {
  return alerts.map((a) => [
    a.rule,
    a.message,
    time(a.firedAt),
    a.resolvedAt === null ? 'active' : time(a.resolvedAt),
  ]);
}

/** The Markdown "Memory & Resource Performance Analysis Report", from measured figures only. */
export function buildReport(data: ReportData): string {
  const rows = healthRows(data);
  const areaList = areas(data, rows);
  const scored = areaList.filter((a): a is Area & { score: number } => a.score !== null);
  // The mean of the areas, but one failing area caps the verdict: an average must not hide it.
  const overall = scored.length
    ? Math.min(
        Math.round(scored.reduce((s, a) => s + a.score, 0) / scored.length),
        Math.min(...scored.map((a) => a.score)) + 3,
      )
    : null;
  const met = rows.filter((r) => r.figure.value !== null && r.figure.value < r.target);
  const missed = rows.filter((r) => r.figure.value !== null && r.figure.value >= r.target);
  const samples = data.lastHour.ts.length;
  const spanMin =
    samples > 1 ? (data.lastHour.ts[samples - 1]! - data.lastHour.ts[0]!) / 60_000 : 0;
  const recs = recommendations(data, rows).slice(0, 5);
  const latest = data.latest;
  const el = data.lastHour.series;

  const lines = [
    '# Memory & Resource Performance Analysis Report',
    '',
    '## Project Information',
    '- **Project Title:** Smart Knowledge Repository',
    `- **Review Date:** ${time(data.generatedAt)} UTC`,
    `- **Reviewer:** built-in resource monitor (${samples} samples over ${spanMin.toFixed(1)} min, every ${data.intervalMs / 1000} s)`,
    `- **Platform:** ${process.platform} ${process.arch}, Node ${process.versions.node}`,
    '',
    '## Executive Summary',
    '',
    overall === null
      ? 'Not enough samples yet to judge: let the monitor run for a few minutes.'
      : `The application shows **${label(overall)} (${overall}/10)** resource management: ${met.length} of ${met.length + missed.length} measured targets met${missed.length ? `; needs attention: ${missed.map((r) => r.resource).join(', ')}` : ''}.`,
    '',
    '### Scores by Area',
    ...table(
      ['Area', 'Score', 'Based on'],
      areaList.map((a) => [
        a.name,
        a.score === null ? 'not measured' : `${a.score}/10 (${label(a.score)})`,
        a.basis,
      ]),
    ),
    '',
    '## Resource Performance Metrics',
    '',
    '### Current Resource Usage',
    ...table(
      ['Resource', 'Current Usage', 'Target', 'Status'],
      rows.map((r) => [r.resource, opt(r.figure.value, r.format), r.targetText, statusOf(r)]),
    ),
    '',
    ...rows.filter((r) => r.figure.note).map((r) => `- ${r.resource}: ${r.figure.note}`),
    '',
    '### Processes',
    ...table(
      ['Role', 'Name', 'PID', 'Memory', 'JS heap', 'CPU', 'Handles', 'Threads'],
      (latest?.processes ?? []).map((p) => [
        p.role,
        p.name,
        String(p.pid),
        opt(p.rssBytes, mb),
        opt(p.heapBytes, mb),
        opt(p.cpuPercent, (v) => `${v.toFixed(1)}%`),
        opt(p.fds, String),
        opt(p.threads, String),
      ]),
    ),
    '',
    '### Application Figures (last hour)',
    `- Main event-loop delay: p50 ${opt(mean(known(el['el.p50Ms'])), (v) => `${v.toFixed(1)} ms`)} (mean), p99 ${opt(peak(known(el['el.p99Ms'])), (v) => `${v.toFixed(1)} ms`)} (worst), max ${opt(peak(known(el['el.maxMs'])), (v) => `${v.toFixed(1)} ms`)}`,
    `- Worker pool: ${latest?.pool ? `${latest.pool.size} workers, ${latest.pool.busy} busy, ${latest.pool.queued} queued, ${latest.pool.restarts} restarts; peak queue ${peak(known(el['pool.queued']))}` : 'not running'}`,
    `- Reader pool: ${latest?.readerPool ? `${latest.readerPool.size} threads, utilisation ${pct(latest.readerPool.utilizationPercent)} now, p99 wait ${opt(latest.readerPool.waitMsP99, (v) => `${v.toFixed(1)} ms`)}` : 'not running'}`,
    `- Database: ${latest?.database ? `${mb(latest.database.dbBytes)} + ${mb(latest.database.walBytes)} WAL` : 'not measured'}`,
    `- Import rate: ${opt(latest?.importRate ?? null, (v) => `${v.toFixed(1)} documents/s`)} now, peak ${opt(peak(known(el['import.rate'])), (v) => `${v.toFixed(1)}`)}`,
    '',
  ];
  if (data.channels.length) {
    const slow = [...data.channels].sort((a, b) => b.p99Ms - a.p99Ms).slice(0, 5);
    lines.push(
      '### Slowest Channels',
      ...table(
        ['Channel', 'Calls', 'Errors', 'p50', 'p99', 'Max memory Δ'],
        slow.map((c) => [
          c.channel,
          String(c.calls),
          String(c.errors),
          `${c.p50Ms.toFixed(1)} ms`,
          `${c.p99Ms.toFixed(1)} ms`,
          mb(c.maxMemoryDeltaBytes),
        ]),
      ),
      '',
    );
  }
  const { active, history } = data.alerts;
  lines.push('## Alerts', '');
  if (!active.length && !history.length) lines.push('No alerts fired.', '');
  else
    lines.push(
      ...table(
        ['Rule', 'Alert', 'Fired (UTC)', 'Resolved (UTC)'],
        alertRows([...active, ...history.slice(-20).reverse()]),
      ),
      '',
    );
  lines.push('## Priority Optimizations', '');
  if (!recs.length) lines.push('No action needed: every measured figure is within its target.');
  else
    recs.forEach((r, i) =>
      lines.push(
        `${i + 1}. ${r.severity >= 3 ? '**Critical:** ' : r.severity >= 2 ? '**High:** ' : ''}${r.text}`,
      ),
    );
  lines.push(
    '',
    '## Raw Data',
    '',
    'Export the samples behind this report as CSV or JSON (`monitor.export`).',
    '',
  );
  return lines.join('\n');
}

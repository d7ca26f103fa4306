import type { MonitorSample, ProcessSample } from '../../../shared/channels/monitor';

type Labels = Record<string, string | number>;
interface Metric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  rows: Array<[Labels, number | null | undefined]>;
}

const escapeLabel = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function renderMetric(metric: Metric): string {
  const rows = metric.rows.filter(
    (r): r is [Labels, number] => typeof r[1] === 'number' && Number.isFinite(r[1]),
  );
  if (!rows.length) return '';
  const lines = [`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type}`];
  for (const [labels, value] of rows) {
    const entries = Object.entries(labels);
    const labelText = entries.length
      ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(String(v))}"`).join(',')}}`
      : '';
    lines.push(`${metric.name}${labelText} ${value}`);
  }
  return lines.join('\n') + '\n';
}

const perProcess = (
  sample: MonitorSample,
  name: string,
  help: string,
  type: Metric['type'],
  pick: (p: ProcessSample) => number | null,
): Metric => ({
  name,
  help,
  type,
  rows: sample.processes.map((p) => [{ role: p.role, name: p.name, pid: p.pid }, pick(p)]),
});

/** The current figures in the Prometheus text exposition format (served at /metrics in browser mode). */
export function renderPrometheus(sample: MonitorSample): string {
  const el = sample.eventLoopDelayMs;
  const metrics: Metric[] = [
    perProcess(
      sample,
      'process_resident_memory_bytes',
      'Resident memory size in bytes.',
      'gauge',
      (p) => p.rssBytes,
    ),
    perProcess(
      sample,
      'process_heap_bytes',
      'JavaScript heap in use in bytes.',
      'gauge',
      (p) => p.heapBytes,
    ),
    perProcess(
      sample,
      'process_cpu_seconds_total',
      'Total user and system CPU time spent in seconds.',
      'counter',
      (p) => p.cpuSecondsTotal,
    ),
    perProcess(
      sample,
      'process_cpu_percent',
      'CPU over the last sampling interval; 100 = one core.',
      'gauge',
      (p) => p.cpuPercent,
    ),
    perProcess(
      sample,
      'process_open_fds',
      'Number of open file descriptors.',
      'gauge',
      (p) => p.fds,
    ),
    perProcess(sample, 'process_threads', 'Number of OS threads.', 'gauge', (p) => p.threads),
    perProcess(
      sample,
      'process_uptime_seconds',
      'Seconds since the process started.',
      'gauge',
      (p) => p.uptimeS,
    ),
    {
      name: 'nodejs_eventloop_lag_seconds',
      help: 'Main event-loop delay over the last sampling interval.',
      type: 'gauge',
      rows: [
        [{ quantile: '0.5' }, el.p50 / 1000],
        [{ quantile: '0.99' }, el.p99 / 1000],
        [{ quantile: '1' }, el.max / 1000],
      ],
    },
    {
      name: 'skr_pool_workers_busy',
      help: 'Pool workers running a task.',
      type: 'gauge',
      rows: [[{}, sample.pool?.busy]],
    },
    {
      name: 'skr_pool_tasks_queued',
      help: 'Tasks waiting for a pool worker.',
      type: 'gauge',
      rows: [[{}, sample.pool?.queued]],
    },
    {
      name: 'skr_pool_restarts_total',
      help: 'Pool workers restarted.',
      type: 'counter',
      rows: [[{}, sample.pool?.restarts]],
    },
    {
      name: 'skr_reader_pool_utilization_ratio',
      help: 'Share of reader threads busy, 0-1.',
      type: 'gauge',
      rows: [[{}, sample.readerPool ? sample.readerPool.utilizationPercent / 100 : null]],
    },
    {
      name: 'skr_reader_pool_wait_seconds',
      help: 'p99 wait for a reader thread.',
      type: 'gauge',
      rows: [
        [
          { quantile: '0.99' },
          sample.readerPool?.waitMsP99 == null ? null : sample.readerPool.waitMsP99 / 1000,
        ],
      ],
    },
    {
      name: 'skr_database_bytes',
      help: 'Library database size.',
      type: 'gauge',
      rows: [
        [{ file: 'db' }, sample.database?.dbBytes],
        [{ file: 'wal' }, sample.database?.walBytes],
      ],
    },
    {
      name: 'skr_import_documents_per_second',
      help: 'Import rate.',
      type: 'gauge',
      rows: [[{}, sample.importRate]],
    },
    {
      name: 'skr_memory_growth_percent_per_hour',
      help: 'Least-squares memory growth of the whole app.',
      type: 'gauge',
      rows: [[{}, sample.memoryGrowth?.percentPerHour]],
    },
    {
      name: 'skr_alerts_active',
      help: 'Active alerts by rule.',
      type: 'gauge',
      rows: sample.alerts.map((a) => [{ rule: a.rule }, 1]),
    },
  ];
  return metrics.map(renderMetric).join('');
}

import type { AlertRules, MonitorSample } from '../../../shared/channels/monitor';
import { formatGrowth, formatMB, formatPercent, formatCount } from './format';

export type HealthStatus = 'ok' | 'warn' | 'unknown';

export interface HealthCheck {
  id: 'memory' | 'memoryGrowth' | 'handles' | 'readerPool' | 'cpu';
  label: string;
  /** E.g. `< 512 MB`. */
  target: string;
  value: number | null;
  valueText: string;
  /** Where the figure comes from, when it is one process. */
  subject: string | null;
  status: HealthStatus;
}

const SELF_ROLES = new Set(['main', 'host', 'cli']);

function status(value: number | null, threshold: number): HealthStatus {
  if (value === null) return 'unknown';
  return value < threshold ? 'ok' : 'warn';
}

/**
 * The resource targets (memory baseline, growth per hour, open handles, pool utilisation, CPU)
 * judged against the latest sample. Thresholds come from the alert rules, whose defaults are the
 * targets; a figure the sample does not have is `unknown`, never a pass.
 */
export function healthChecks(latest: MonitorSample | null, rules: AlertRules): HealthCheck[] {
  const processes = latest?.processes ?? [];
  const busiest = processes.reduce<(typeof processes)[number] | null>((a, p) => (p.fds !== null && p.fds > (a?.fds ?? -1) ? p : a), null);
  const self = processes.find((p) => SELF_ROLES.has(p.role)) ?? null;

  const memory = latest ? latest.totals.rssBytes : null;
  const growth = latest?.memoryGrowth?.percentPerHour ?? null;
  const handles = busiest?.fds ?? null;
  const pool = latest?.readerPool?.utilizationPercent ?? null;
  const cpu = self?.cpuPercent ?? null;

  return [
    {
      id: 'memory',
      label: 'Memory baseline',
      target: `< ${formatMB(rules.memory.threshold)}`,
      value: memory,
      valueText: formatMB(memory),
      subject: null,
      status: status(memory, rules.memory.threshold),
    },
    {
      id: 'memoryGrowth',
      label: 'Memory growth',
      target: `< ${rules.memoryGrowth.threshold} %/h`,
      value: growth,
      valueText: growth === null && latest ? 'warming up' : formatGrowth(growth),
      subject: null,
      status: status(growth, rules.memoryGrowth.threshold),
    },
    {
      id: 'handles',
      label: 'Open handles',
      target: `< ${rules.handles.threshold}`,
      value: handles,
      valueText: formatCount(handles),
      subject: busiest?.name ?? null,
      status: status(handles, rules.handles.threshold),
    },
    {
      id: 'readerPool',
      label: 'Pool utilisation',
      target: `< ${rules.readerPool.threshold} %`,
      value: pool,
      valueText: formatPercent(pool),
      subject: null,
      status: status(pool, rules.readerPool.threshold),
    },
    {
      id: 'cpu',
      label: 'CPU',
      target: `< ${rules.cpu.threshold} %`,
      value: cpu,
      valueText: formatPercent(cpu),
      subject: self?.name ?? null,
      status: status(cpu, rules.cpu.threshold),
    },
  ];
}

import { memo } from 'react';
import type { ProcessSample } from '../../../shared/channels/monitor';
import { useMonitorStore } from '../../stores/monitor-store';
import { formatCount, formatMB, formatPercent, formatUptime } from './format';
import { SortableHeaders, useSortedRows, type SortColumn } from './sorting';

const COLUMNS: SortColumn<ProcessSample>[] = [
  { key: 'role', label: 'Role', value: (p) => p.role },
  { key: 'name', label: 'Name', value: (p) => p.name },
  { key: 'pid', label: 'PID', value: (p) => p.pid, numeric: true },
  { key: 'cpu', label: 'CPU', value: (p) => p.cpuPercent, numeric: true },
  { key: 'memory', label: 'Memory', value: (p) => p.rssBytes, numeric: true },
  { key: 'handles', label: 'Handles', value: (p) => p.fds, numeric: true },
  { key: 'threads', label: 'Threads', value: (p) => p.threads, numeric: true },
  { key: 'uptime', label: 'Uptime', value: (p) => p.uptimeS, numeric: true },
];

const NO_PROCESSES: ProcessSample[] = [];

/** Every process of the app, like a task manager; sortable by any column. */
export function ProcessTable({ processes }: { processes: readonly ProcessSample[] }) {
  const { sorted, sort, sortBy } = useSortedRows(processes, COLUMNS, { key: 'memory', direction: 'descending' });
  return (
    <table className="dash-table" aria-labelledby="processes-title">
      <thead>
        <SortableHeaders columns={COLUMNS} sort={sort} onSort={sortBy} />
      </thead>
      <tbody>
        {sorted.map((p) => (
          <tr key={p.pid} data-role={p.role}>
            <td>{p.role}</td>
            <td>{p.name}</td>
            <td className="num">{p.pid}</td>
            <td className="num">{formatPercent(p.cpuPercent)}</td>
            <td className="num">{formatMB(p.rssBytes)}</td>
            <td className="num">{formatCount(p.fds)}</td>
            <td className="num">{formatCount(p.threads)}</td>
            <td className="num">{formatUptime(p.uptimeS)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const LiveProcessTable = memo(function LiveProcessTable() {
  const processes = useMonitorStore((s) => s.latest?.processes ?? NO_PROCESSES);
  return (
    <section className="dash-panel" aria-labelledby="processes-title">
      <h2 id="processes-title">Processes</h2>
      {processes.length === 0 ? <p className="muted">Waiting for the first sample…</p> : <ProcessTable processes={processes} />}
    </section>
  );
});

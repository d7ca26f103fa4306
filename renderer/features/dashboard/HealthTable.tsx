import { memo, useMemo } from 'react';
import type { AlertRules, MonitorSample } from '../../../shared/channels/monitor';
import { useMonitorStore } from '../../stores/monitor-store';
import { healthChecks, type HealthStatus } from './health';

const STATUS: Record<HealthStatus, { icon: string; text: string }> = {
  ok: { icon: '✅', text: 'Within target' },
  warn: { icon: '⚠️', text: 'Over target' },
  unknown: { icon: '—', text: 'No data yet' },
};

/** Each resource target, its current value and whether it is met. */
export function HealthTable({ latest, rules }: { latest: MonitorSample | null; rules: AlertRules }) {
  const checks = useMemo(() => healthChecks(latest, rules), [latest, rules]);
  return (
    <table className="dash-table dash-health" aria-labelledby="health-title">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Goal</th>
          <th scope="col" className="num">
            Current
          </th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check) => (
          <tr key={check.id} data-status={check.status}>
            <th scope="row">{check.label}</th>
            <td>{check.target}</td>
            <td className="num">
              {check.valueText}
              {check.subject && <span className="muted"> ({check.subject})</span>}
            </td>
            <td className={`dash-health-status dash-health-status--${check.status}`}>
              <span aria-hidden="true">{STATUS[check.status].icon}</span> {STATUS[check.status].text}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const LiveHealthTable = memo(function LiveHealthTable() {
  const latest = useMonitorStore((s) => s.latest);
  const rules = useMonitorStore((s) => s.rules);
  return (
    <section className="dash-panel" aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      <HealthTable latest={latest} rules={rules} />
    </section>
  );
});

import { memo } from 'react';
import type { Alert } from '../../../shared/channels/monitor';
import { useMonitorStore } from '../../stores/monitor-store';
import { formatClock } from './format';

const timeOf = (ts: number) => new Date(ts).toLocaleString('en-GB');

function AlertItem({ alert }: { alert: Alert }) {
  return (
    <li className={`dash-alert dash-alert--${alert.resolvedAt === null ? 'active' : 'resolved'}`}>
      <span className="dash-alert__message">{alert.message}</span>
      <span className="muted">
        {' '}
        <time dateTime={new Date(alert.firedAt).toISOString()} title={timeOf(alert.firedAt)}>
          {formatClock(alert.firedAt)}
        </time>
        {alert.resolvedAt !== null && <> – resolved {formatClock(alert.resolvedAt)}</>}
      </span>
    </li>
  );
}

/** Active alerts, then the ones that have resolved (newest first). */
export const AlertsPanel = memo(function AlertsPanel() {
  const { active, history } = useMonitorStore((s) => s.alerts);
  return (
    <section className="dash-panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <h3 id="alerts-active-title">Active ({active.length})</h3>
      {active.length === 0 ? (
        <p className="muted">No active alerts.</p>
      ) : (
        <ul className="dash-alert-list" aria-labelledby="alerts-active-title" role="list">
          {active.map((a) => (
            <AlertItem key={a.id} alert={a} />
          ))}
        </ul>
      )}
      <h3 id="alerts-history-title">History</h3>
      {history.length === 0 ? (
        <p className="muted">No alerts so far.</p>
      ) : (
        <ul className="dash-alert-list" aria-labelledby="alerts-history-title" role="list">
          {history.map((a) => (
            <AlertItem key={a.id} alert={a} />
          ))}
        </ul>
      )}
    </section>
  );
});

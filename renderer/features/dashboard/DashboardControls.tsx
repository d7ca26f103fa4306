import { MonitorWindow } from '../../../shared/channels/monitor';
import { useMonitorStore } from '../../stores/monitor-store';
import { formatClock } from './format';

const WINDOW_LABEL: Record<MonitorWindow, string> = { '1m': '1 min', '5m': '5 min', '1h': '1 h', '24h': '24 h' };

/** Time window and pause/resume. Pausing freezes the charts; samples keep arriving underneath. */
export function DashboardControls({ onWindowChange }: { onWindowChange: (window: MonitorWindow) => void }) {
  const window = useMonitorStore((s) => s.window);
  const paused = useMonitorStore((s) => s.paused);
  const setPaused = useMonitorStore((s) => s.setPaused);
  return (
    <div className="dash-controls">
      <fieldset className="dash-window">
        <legend>Time window</legend>
        {MonitorWindow.options.map((w) => (
          <label key={w} className="dash-window__option">
            <input type="radio" name="monitor-window" value={w} checked={window === w} onChange={() => onWindowChange(w)} />
            <span>{WINDOW_LABEL[w]}</span>
          </label>
        ))}
      </fieldset>
      <button type="button" className="dash-pause" data-paused={paused} onClick={() => setPaused(!paused)}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      <FeedStatus />
    </div>
  );
}

function FeedStatus() {
  const paused = useMonitorStore((s) => s.paused);
  const received = useMonitorStore((s) => s.received);
  const latestTs = useMonitorStore((s) => s.latest?.ts ?? null);
  const error = useMonitorStore((s) => s.error);
  if (error) return <p role="alert" className="dash-status dash-status--error">{error}</p>;
  return (
    <p className="dash-status muted" data-testid="feed-status">
      {paused ? 'Charts paused' : 'Live'} · {received} samples received
      {latestTs !== null && <> · last at {formatClock(latestTs)}</>}
    </p>
  );
}

import { useEffect } from 'react';
import { useMonitorStore } from '../../stores/monitor-store';
import { AlertsPanel } from './AlertsPanel';
import { ChannelTable } from './ChannelTable';
import { DashboardControls } from './DashboardControls';
import { LiveHealthTable } from './HealthTable';
import { LiveCharts } from './LiveCharts';
import { selectWindow, startMonitorFeed } from './monitor-feed';
import { LiveProcessTable } from './ProcessTable';
import { ReportActions } from './ReportActions';

/** Live resource monitor: charts, processes, health targets, alerts, channels, report. */
export function DashboardView() {
  useEffect(() => startMonitorFeed(), []);
  const window = useMonitorStore((s) => s.window);
  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">Dashboard</h1>
      <DashboardControls onWindowChange={selectWindow} />
      <div className="dash-columns">
        <LiveHealthTable />
        <AlertsPanel />
      </div>
      <LiveCharts />
      <LiveProcessTable />
      <ChannelTable />
      <ReportActions window={window} />
    </section>
  );
}

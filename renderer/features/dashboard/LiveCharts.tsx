import { memo, useMemo, useRef } from 'react';
import { useMonitorStore } from '../../stores/monitor-store';
import { processKey, processNames, type ChartPoint, type ProcessFigure } from './chart-points';
import { TimeSeriesChart, type ChartUnit, type SeriesSpec } from './TimeSeriesChart';
import { useInView } from './use-in-view';

interface ChartSpec {
  id: string;
  title: string;
  unit: ChartUnit;
  stacked?: boolean;
  series: (points: readonly ChartPoint[]) => SeriesSpec[];
}

const perProcess = (figure: ProcessFigure) => (points: readonly ChartPoint[]) =>
  processNames(points, figure).map((name) => ({ key: processKey(name, figure), name }));

const fixed = (series: SeriesSpec[]) => () => series;

export const CHARTS: ChartSpec[] = [
  { id: 'memory', title: 'Memory per process', unit: 'MB', stacked: true, series: perProcess('rssBytes') },
  { id: 'cpu', title: 'CPU per process', unit: '%', series: perProcess('cpuPercent') },
  { id: 'handles', title: 'Open handles', unit: 'count', series: perProcess('fds') },
  { id: 'threads', title: 'Threads', unit: 'count', series: perProcess('threads') },
  {
    id: 'event-loop',
    title: 'Event-loop delay',
    unit: 'ms',
    series: fixed([
      { key: 'el.p50Ms', name: 'p50' },
      { key: 'el.p99Ms', name: 'p99' },
      { key: 'el.maxMs', name: 'max' },
    ]),
  },
  {
    id: 'pool',
    title: 'Worker pool',
    unit: 'count',
    series: fixed([
      { key: 'pool.queued', name: 'queued tasks' },
      { key: 'pool.busy', name: 'busy workers' },
    ]),
  },
];

/**
 * One chart bound to the store's shown points: only the charts re-render on a sample. A chart
 * scrolled out of view keeps its summary live but leaves its plot alone until it is back.
 */
const LiveChart = memo(function LiveChart({ spec }: { spec: ChartSpec }) {
  const [ref, inView] = useInView<HTMLDivElement>();
  const shown = useMonitorStore((s) => s.shown);
  const seconds = useMonitorStore((s) => s.window !== '24h' && s.window !== '1h');
  const plotted = useRef(shown);
  if (inView) plotted.current = shown;
  const names = spec.series(shown);
  // Same series, same array: keeps the plot's data accessors stable between samples.
  const signature = names.map((s) => s.key).join('\n');
  const series = useMemo(() => names, [signature]);
  return (
    <div ref={ref}>
      <TimeSeriesChart
        id={spec.id}
        title={spec.title}
        unit={spec.unit}
        stacked={spec.stacked}
        series={series}
        points={plotted.current}
        latest={shown[shown.length - 1]}
        seconds={seconds}
      />
    </div>
  );
});

export function LiveCharts() {
  return (
    <section className="dash-panel" aria-labelledby="charts-title">
      <h2 id="charts-title">Live charts</h2>
      <div className="dash-chart-grid">
        {CHARTS.map((spec) => (
          <LiveChart key={spec.id} spec={spec} />
        ))}
      </div>
    </section>
  );
}

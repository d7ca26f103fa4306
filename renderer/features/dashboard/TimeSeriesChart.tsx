import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from './chart-points';
import { formatClock, formatCount, formatMB, formatMs, formatPercent } from './format';

export type ChartUnit = 'MB' | '%' | 'ms' | 'count';

export interface SeriesSpec {
  key: string;
  name: string;
}

const FORMAT: Record<ChartUnit, (value: number | null) => string> = {
  MB: formatMB,
  '%': formatPercent,
  ms: formatMs,
  count: formatCount,
};

/** Charts plot MB, not bytes, so the axis picks round MB ticks. */
const SCALE: Record<ChartUnit, number> = { MB: 1 / (1024 * 1024), '%': 1, ms: 1, count: 1 };

const PALETTE_SIZE = 8;
const colour = (i: number) => `var(--chart-${(i % PALETTE_SIZE) + 1})`;
const MARGIN = { top: 8, right: 16, bottom: 0, left: 8 };

/** "host 85.2 MB, worker-1 120 MB (total 205 MB)" for the newest point. */
export function latestSummary(newest: ChartPoint | undefined, series: readonly SeriesSpec[], unit: ChartUnit, stacked: boolean): string {
  if (!newest || series.length === 0) return 'No data yet.';
  const format = FORMAT[unit];
  const parts = series.map((s) => `${s.name} ${format(newest[s.key] ?? null)}`);
  const values = series.map((s) => newest[s.key]).filter((v): v is number => v != null);
  const total = stacked && series.length > 1 ? ` (total ${format(values.reduce((a, b) => a + b, 0))})` : '';
  return `Latest at ${formatClock(newest.ts)}: ${parts.join(', ')}${total}.`;
}

interface PlotProps {
  title: string;
  unit: ChartUnit;
  series: SeriesSpec[];
  points: ChartPoint[];
  stacked: boolean;
  /** Show seconds on the time axis (short windows). */
  seconds: boolean;
}

/** The recharts drawing, without animation so a tick stays cheap; re-renders only when its points change. */
const ChartPlot = memo(function ChartPlot({ title, unit, series, points, stacked, seconds }: PlotProps) {
  const format = FORMAT[unit];
  const scale = SCALE[unit];
  const accessors = useMemo(
    () => series.map((s) => (p: ChartPoint) => {
      const value = p[s.key];
      return value == null ? null : value * scale;
    }),
    [series, scale],
  );
  const axis = {
    time: (ts: number) => formatClock(ts, seconds),
    value: (v: number) => (unit === 'count' ? String(v) : `${v} ${unit}`),
  };
  const tooltip = {
    formatter: (value: unknown) => (typeof value === 'number' ? format(value / scale) : '—'),
    labelFormatter: (ts: unknown) => (typeof ts === 'number' ? formatClock(ts) : ''),
  };
  const common = { data: points, margin: MARGIN, title };
  const children = [
    <CartesianGrid key="grid" stroke="var(--border)" strokeDasharray="3 3" />,
    <XAxis key="x" dataKey="ts" type="number" domain={['dataMin', 'dataMax']} tickFormatter={axis.time} stroke="var(--muted)" minTickGap={40} />,
    <YAxis key="y" tickFormatter={axis.value} stroke="var(--muted)" width={64} allowDecimals={unit !== 'count'} />,
    <Tooltip key="tip" isAnimationActive={false} formatter={tooltip.formatter} labelFormatter={tooltip.labelFormatter} wrapperClassName="dash-chart-tooltip" />,
    <Legend key="legend" />,
  ];

  return (
    <ResponsiveContainer width="100%" height="100%">
      {stacked ? (
        <AreaChart {...common}>
          {children}
          {series.map((s, i) => (
            <Area
              key={s.key}
              dataKey={accessors[i]!}
              name={s.name}
              stackId="stack"
              type="linear"
              stroke={colour(i)}
              fill={colour(i)}
              fillOpacity={0.35}
              isAnimationActive={false}
              dot={false}
            />
          ))}
        </AreaChart>
      ) : (
        <LineChart {...common}>
          {children}
          {series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={accessors[i]!}
              name={s.name}
              type="linear"
              stroke={colour(i)}
              strokeWidth={1.5}
              isAnimationActive={false}
              dot={false}
            />
          ))}
        </LineChart>
      )}
    </ResponsiveContainer>
  );
});

interface Props extends Omit<PlotProps, 'stacked'> {
  id: string;
  /** The newest point, for the one-line summary (may be newer than `points` while the plot is off screen). */
  latest: ChartPoint | undefined;
  stacked?: boolean;
}

/**
 * One live chart: a heading and a one-line summary of the newest values name it for assistive
 * technology (figure + figcaption), above the plot.
 */
export function TimeSeriesChart({ id, title, unit, series, points, latest, stacked = false, seconds }: Props) {
  return (
    <figure className="dash-chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-latest`} data-testid={`chart-${id}`}>
      <figcaption>
        <h3 id={`${id}-title`} className="dash-chart__title">
          {title}
        </h3>
        <p id={`${id}-latest`} className="dash-chart__latest" data-testid={`${id}-latest`}>
          {latestSummary(latest, series, unit, stacked)}
        </p>
      </figcaption>
      <div className="dash-chart__plot">
        <ChartPlot title={title} unit={unit} series={series} points={points} stacked={stacked} seconds={seconds} />
      </div>
    </figure>
  );
}

import { memo } from 'react';
import type { ChannelStat } from '../../../shared/channels/app';
import { useMonitorStore } from '../../stores/monitor-store';
import { formatCount, formatMB, formatMs } from './format';
import { SortableHeaders, useSortedRows, type SortColumn } from './sorting';

const COLUMNS: SortColumn<ChannelStat>[] = [
  { key: 'channel', label: 'Channel', value: (c) => c.channel },
  { key: 'calls', label: 'Calls', value: (c) => c.calls, numeric: true },
  { key: 'errors', label: 'Errors', value: (c) => c.errors, numeric: true },
  { key: 'p99', label: 'p99 time', value: (c) => c.p99Ms, numeric: true },
  { key: 'memory', label: 'Max memory Δ', value: (c) => c.maxMemoryDeltaBytes, numeric: true },
];

/** Per-channel call statistics from the router. */
export const ChannelTable = memo(function ChannelTable() {
  const channels = useMonitorStore((s) => s.channels);
  const { sorted, sort, sortBy } = useSortedRows(channels, COLUMNS, { key: 'calls', direction: 'descending' });
  return (
    <section className="dash-panel" aria-labelledby="channels-title">
      <h2 id="channels-title">Channels</h2>
      {channels.length === 0 ? (
        <p className="muted">No calls yet.</p>
      ) : (
        <table className="dash-table" aria-labelledby="channels-title">
          <thead>
            <SortableHeaders columns={COLUMNS} sort={sort} onSort={sortBy} />
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr key={c.channel}>
                <td>
                  <code>{c.channel}</code>
                </td>
                <td className="num">{formatCount(c.calls)}</td>
                <td className="num">{formatCount(c.errors)}</td>
                <td className="num">{formatMs(c.p99Ms)}</td>
                <td className="num">{formatMB(c.maxMemoryDeltaBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
});

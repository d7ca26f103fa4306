import type { Handlers } from '../router';
import type { Monitor } from '../../monitor/monitor';
import { buildReport } from '../../monitor/report';
import { toCsv, toJson } from '../../monitor/sample-export';

type MonitorChannel =
  | 'monitor.snapshot'
  | 'monitor.processes'
  | 'monitor.alerts'
  | 'monitor.rules.get'
  | 'monitor.rules.set'
  | 'monitor.report'
  | 'monitor.export'
  | 'monitor.setInterval';

export function monitorHandlers(monitor: Monitor): Pick<Handlers, MonitorChannel> {
  return {
    'monitor.snapshot': ({ window, maxPoints }) => ({
      latest: monitor.latest(),
      history: monitor.historyFor(window, maxPoints),
      channels: monitor.channelStats(),
    }),
    'monitor.processes': () => monitor.processes(),
    'monitor.alerts': () => monitor.alerts(),
    'monitor.rules.get': () => monitor.rules(),
    // A ZodError from the merged rules becomes `invalid_input` naming the field (router).
    'monitor.rules.set': (patch) => monitor.setRules(patch),
    'monitor.report': () => ({ markdown: buildReport(monitor.reportData()) }),
    'monitor.export': ({ format, window }) => {
      const table = monitor.rawHistory(window);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      return {
        format,
        filename: `skr-monitor-${window}-${stamp}.${format}`,
        content: format === 'csv' ? toCsv(table) : toJson(table),
      };
    },
    'monitor.setInterval': ({ seconds }) => ({ intervalMs: monitor.setIntervalSeconds(seconds) }),
  };
}

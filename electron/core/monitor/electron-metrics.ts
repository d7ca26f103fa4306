import type { ProcessRole } from '../../../shared/channels/monitor';
import type { ExtraProcessInfo } from './monitor';

/** The part of Electron's `ProcessMetric` (from `app.getAppMetrics()`) the monitor uses. */
export interface AppMetricLike {
  pid: number;
  type: string;
  name?: string;
  serviceName?: string;
  cpu: { percentCPUUsage: number };
  /** Kilobytes, as Electron reports them. */
  memory: { workingSetSize: number };
}

const ROLE_BY_TYPE: Record<string, ProcessRole> = {
  Tab: 'renderer',
  GPU: 'gpu',
  Utility: 'utility',
};

/**
 * Turns Electron's app metrics into extra processes for the monitor: renderers, the GPU process
 * and utility processes (the browser process is the monitor's own and is left out). Figures
 * /proc can give are still probed there; these fill in where it cannot (macOS, Windows).
 */
export function processesFromAppMetrics(
  metrics: readonly AppMetricLike[],
  selfPid = process.pid,
): ExtraProcessInfo[] {
  return metrics
    .filter((m) => m.pid !== selfPid && m.type !== 'Browser')
    .map((m) => {
      const role = ROLE_BY_TYPE[m.type] ?? 'other';
      return {
        pid: m.pid,
        role,
        name: m.serviceName || m.name || role,
        rssBytes: m.memory.workingSetSize * 1024,
        cpuPercent: m.cpu.percentCPUUsage,
      };
    });
}

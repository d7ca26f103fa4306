import { app } from 'electron';
import type { ExtraProcessInfo } from '../core/monitor';

const ROLE_BY_TYPE: Record<string, ExtraProcessInfo['role']> = {
  Tab: 'renderer',
  GPU: 'gpu',
  Utility: 'utility',
};

/**
 * Renderer, GPU and other Chromium processes, which only Electron can see. Browser and utility
 * processes we spawn ourselves are measured by the monitor's own probes, so they are skipped here.
 */
export function electronProcesses(ourPids: ReadonlySet<number>): ExtraProcessInfo[] {
  return app
    .getAppMetrics()
    .filter((m) => m.type !== 'Browser' && !ourPids.has(m.pid))
    .map((m) => ({
      pid: m.pid,
      role: ROLE_BY_TYPE[m.type] ?? 'other',
      name: m.name ?? m.serviceName ?? m.type.toLowerCase(),
      // workingSetSize is in KB; on Linux it is the resident set.
      rssBytes: m.memory.workingSetSize * 1024,
      heapBytes: null,
      cpuPercent: m.cpu.percentCPUUsage,
      fds: null,
      threads: null,
    }));
}

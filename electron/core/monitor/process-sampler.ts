import v8 from 'node:v8';
import type { ProcessRole, ProcessSample } from '../../../shared/channels/monitor';
import { probeLinuxProcess, readSystemUptimeS, type RawFigures } from './proc-probe';

/** A process to sample. `known` carries figures its owner measured (e.g. Electron's app metrics, a worker's heap). */
export interface ProcessRef {
  pid: number;
  role: ProcessRole;
  name: string;
  known?: Partial<RawFigures> & { cpuPercent?: number | null };
}

const UNKNOWN: RawFigures = {
  rssBytes: null,
  heapBytes: null,
  cpuSecondsTotal: null,
  fds: null,
  threads: null,
  uptimeS: null,
};

/** What Node tells about its own process on any platform. */
function probeSelfPortable(): RawFigures {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rssBytes: memory.rss,
    heapBytes: memory.heapUsed,
    cpuSecondsTotal: (cpu.user + cpu.system) / 1e6,
    fds: null,
    threads: null,
    uptimeS: process.uptime(),
  };
}

function merge(probed: RawFigures, known: ProcessRef['known']): RawFigures {
  if (!known) return probed;
  return {
    rssBytes: probed.rssBytes ?? known.rssBytes ?? null,
    heapBytes: probed.heapBytes ?? known.heapBytes ?? null,
    cpuSecondsTotal: probed.cpuSecondsTotal ?? known.cpuSecondsTotal ?? null,
    fds: probed.fds ?? known.fds ?? null,
    threads: probed.threads ?? known.threads ?? null,
    uptimeS: probed.uptimeS ?? known.uptimeS ?? null,
  };
}

/**
 * Probes a list of processes and turns cumulative CPU time into a percentage over the last
 * interval (100 = one full core). A process's first reading has no interval yet: its CPU is null.
 */
export class ProcessSampler {
  private lastCpu = new Map<number, { seconds: number; at: number }>();

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  sample(refs: readonly ProcessRef[], now: number): ProcessSample[] {
    const linux = this.platform === 'linux';
    const systemUptimeS = linux ? readSystemUptimeS() : null;
    const nextCpu = new Map<number, { seconds: number; at: number }>();
    const out: ProcessSample[] = [];
    for (const ref of refs) {
      const self = ref.pid === process.pid;
      let figures: RawFigures | null;
      if (linux) {
        figures = probeLinuxProcess(ref.pid, systemUptimeS, self);
        if (self)
          figures = figures
            ? { ...figures, heapBytes: v8.getHeapStatistics().used_heap_size }
            : probeSelfPortable();
        if (figures === null) continue; // ended since it was listed
      } else {
        figures = self ? probeSelfPortable() : UNKNOWN;
      }
      figures = merge(figures, ref.known);

      let cpuPercent: number | null = ref.known?.cpuPercent ?? null;
      if (figures.cpuSecondsTotal !== null) {
        const previous = this.lastCpu.get(ref.pid);
        nextCpu.set(ref.pid, { seconds: figures.cpuSecondsTotal, at: now });
        cpuPercent =
          previous && now > previous.at
            ? Math.max(
                0,
                ((figures.cpuSecondsTotal - previous.seconds) * 1000 * 100) / (now - previous.at),
              )
            : null;
      }
      out.push({
        pid: ref.pid,
        role: ref.role,
        name: ref.name,
        rssBytes: figures.rssBytes,
        heapBytes: figures.heapBytes,
        cpuPercent,
        cpuSecondsTotal: figures.cpuSecondsTotal,
        fds: figures.fds,
        threads: figures.threads,
        uptimeS: figures.uptimeS,
      });
    }
    this.lastCpu = nextCpu;
    return out;
  }
}

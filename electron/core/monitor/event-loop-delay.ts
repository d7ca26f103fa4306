import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { EventLoopDelay } from '../../../shared/channels/monitor';

// The histogram wakes the loop every RESOLUTION_MS. Measured on 2 cores: 20 ms costs ~0.26 % of
// a core on its own, 50 ms ~0.05 %. 50 ms still sees every stall longer than that, which is what
// the 100 ms p99 rule needs.
const RESOLUTION_MS = 50;
const NS_PER_MS = 1e6;

/**
 * The main event loop's delay since the last read. Node's histogram records whole timer periods
 * (an idle loop reads ~50 ms); the resolution is taken off so an idle loop reads ~0.
 */
export class EventLoopDelayMeter {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({
    resolution: RESOLUTION_MS,
  });

  start(): void {
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  /** Delay over the period since the previous read; all zero when nothing was recorded. */
  read(): EventLoopDelay {
    const h = this.histogram;
    const excess = (ns: number) =>
      h.count === 0 ? 0 : Math.max(0, ns / NS_PER_MS - RESOLUTION_MS);
    const delay = {
      p50: excess(h.percentile(50)),
      p99: excess(h.percentile(99)),
      max: excess(h.max),
    };
    h.reset();
    return delay;
  }
}

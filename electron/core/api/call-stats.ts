import type { ChannelStat } from '../../../shared/channels/app';

const WINDOW = 512;

/** Per-channel counters for the dashboard: calls, errors, p50/p99 over the last calls, max memory delta. */
class ChannelCounter {
  calls = 0;
  errors = 0;
  maxMemoryDeltaBytes = 0;
  private readonly durations = new Float64Array(WINDOW);
  private filled = 0;
  private next = 0;

  record(durationMs: number, ok: boolean, memoryDeltaBytes: number): void {
    this.calls++;
    if (!ok) this.errors++;
    if (memoryDeltaBytes > this.maxMemoryDeltaBytes) this.maxMemoryDeltaBytes = memoryDeltaBytes;
    this.durations[this.next] = durationMs;
    this.next = (this.next + 1) % WINDOW;
    this.filled = Math.min(this.filled + 1, WINDOW);
  }

  percentile(p: number): number {
    if (this.filled === 0) return 0;
    const sorted = this.durations.slice(0, this.filled).sort();
    return sorted[Math.min(this.filled - 1, Math.floor((p / 100) * this.filled))]!;
  }
}

export class CallStats {
  private readonly counters = new Map<string, ChannelCounter>();

  record(channel: string, durationMs: number, ok: boolean, memoryDeltaBytes: number): void {
    let counter = this.counters.get(channel);
    if (!counter) this.counters.set(channel, (counter = new ChannelCounter()));
    counter.record(durationMs, ok, memoryDeltaBytes);
  }

  snapshot(): ChannelStat[] {
    return [...this.counters].map(([channel, c]) => ({
      channel,
      calls: c.calls,
      errors: c.errors,
      p50Ms: c.percentile(50),
      p99Ms: c.percentile(99),
      maxMemoryDeltaBytes: c.maxMemoryDeltaBytes,
    }));
  }
}

/**
 * Runs bounded upkeep steps (see `maintainIndex` in writer-ops.ts) once writes have paused for
 * `idleMs`, one step at a time so a write that arrives waits for at most one step, and backs off
 * again as soon as it does.
 */
export class IdleMaintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private lastWrite = 0;
  private closed = false;

  constructor(
    /** One step; resolves to whether more steps are wanted. */
    private readonly step: () => Promise<boolean>,
    private readonly idleMs: number,
    private readonly log: (message: string) => void,
  ) {}

  /** Called after every write: upkeep waits until writes pause. */
  noteWrite(): void {
    this.lastWrite = performance.now();
    if (this.closed || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.idleMs).unref();
  }

  /** Runs every wanted step now, without waiting for a pause (benchmarks, tests, `skr check`). */
  async settle(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
    while (!this.closed && (await this.step()));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private start(): void {
    this.running = this.run().finally(() => (this.running = null));
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        const quietFor = performance.now() - this.lastWrite;
        if (quietFor < this.idleMs) {
          this.timer = setTimeout(() => this.start(), this.idleMs - quietFor).unref();
          return;
        }
        if (!(await this.step())) return;
      }
    } catch (error) {
      this.log(`[sql] index upkeep stopped: ${(error as Error).message}`);
    }
  }
}

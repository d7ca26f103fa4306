/** Events per second over a sliding window, from timestamps of recent events. */
export class RateMeter {
  private readonly times: number[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  add(count = 1): void {
    const now = this.clock();
    for (let i = 0; i < count; i++) this.times.push(now);
    this.trim(now);
  }

  perSecond(): number {
    const now = this.clock();
    this.trim(now);
    return this.times.length / (this.windowMs / 1000);
  }

  private trim(now: number): void {
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= now - this.windowMs) drop++;
    if (drop) this.times.splice(0, drop);
  }
}

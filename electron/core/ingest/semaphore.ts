/**
 * A counting semaphore, FIFO so no waiter starves. The import bounds two things with it: the file
 * handles it holds open at once (directories of the walk, sources and temporary copies), whatever
 * the size of the drop, and the files in flight.
 */
export class Semaphore {
  private used = 0;
  private peakUsed = 0;
  private readonly waiters: Array<{ n: number; wake: () => void }> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a semaphore needs a positive integer capacity, got ${capacity}`);
  }

  get inUse(): number {
    return this.used;
  }

  get peak(): number {
    return this.peakUsed;
  }

  /** Waits until `n` units are free and takes them; returns the function that gives them back. */
  async acquire(n = 1): Promise<() => void> {
    if (n > this.capacity) throw new RangeError(`cannot take ${n} of a capacity of ${this.capacity}`);
    if (this.waiters.length > 0 || this.used + n > this.capacity) {
      await new Promise<void>((wake) => this.waiters.push({ n, wake }));
    } else {
      this.take(n);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= n;
      this.wakeWaiters();
    };
  }

  /** Runs `fn` holding `n` units. */
  async with<T>(n: number, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(n);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private take(n: number): void {
    this.used += n;
    if (this.used > this.peakUsed) this.peakUsed = this.used;
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0 && this.used + this.waiters[0]!.n <= this.capacity) {
      const waiter = this.waiters.shift()!;
      this.take(waiter.n);
      waiter.wake();
    }
  }
}

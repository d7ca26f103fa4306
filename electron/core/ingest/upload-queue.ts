import type { WorkItem } from './import-job';

type Staged = Extract<WorkItem, { type: 'staged' }>;

/**
 * The files of one browser upload, staged in the library as their requests arrive and consumed by
 * the upload's import job. It ends when the client says so, or after `idleMs` without a file.
 */
export class UploadQueue {
  private readonly items: Staged[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly idleMs: number) {
    this.armIdle();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  push(item: Staged): void {
    if (this.ended) throw new Error('this upload has ended');
    this.items.push(item);
    this.armIdle();
    this.notify();
  }

  end(): void {
    this.ended = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.notify();
  }

  /** Ends the queue and hands back what nobody will import (to be discarded). */
  drain(): Staged[] {
    this.end();
    return this.items.splice(0);
  }

  async *consume(signal: AbortSignal): AsyncGenerator<Staged> {
    const onAbort = () => this.end();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const next = this.items.shift();
        if (next) yield next;
        else if (this.ended || signal.aborted) return;
        else await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.end(), this.idleMs);
    this.idleTimer.unref?.();
  }
}

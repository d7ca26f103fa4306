import type { ImportJobState, ImportProgress } from '../../../shared/channels/import';

const RATE_WINDOW_MS = 5000;

/** Counters of one job, with rates over the last few seconds and an ETA once the walk is over. */
export class ProgressTracker {
  state: ImportJobState = 'queued';
  filesTotal = 0;
  filesDone = 0;
  bytesTotal = 0;
  bytesDone = 0;
  walking = true;
  currentFile: string | null = null;
  imported = 0;
  duplicates = 0;
  failed = 0;
  skipped = 0;
  private readonly samples: Array<{ at: number; files: number; bytes: number }> = [];

  constructor(
    readonly jobId: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  snapshot(): ImportProgress {
    const at = this.now();
    this.samples.push({ at, files: this.filesDone, bytes: this.bytesDone });
    while (this.samples.length > 2 && at - this.samples[0]!.at > RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    const bytesPerSecond = seconds > 0.2 ? (this.bytesDone - first.bytes) / seconds : 0;
    const filesPerSecond = seconds > 0.2 ? (this.filesDone - first.files) / seconds : 0;
    let etaSeconds: number | null = null;
    if (!this.walking && this.state === 'running') {
      const byBytes = bytesPerSecond > 0 ? (this.bytesTotal - this.bytesDone) / bytesPerSecond : null;
      const byFiles = filesPerSecond > 0 ? (this.filesTotal - this.filesDone) / filesPerSecond : null;
      const known = [byBytes, byFiles].filter((v): v is number => v !== null);
      etaSeconds = known.length ? Math.max(0, Math.round(Math.max(...known))) : null;
    }
    return {
      jobId: this.jobId,
      state: this.state,
      filesTotal: this.filesTotal,
      filesDone: this.filesDone,
      bytesTotal: this.bytesTotal,
      bytesDone: this.bytesDone,
      walking: this.walking,
      currentFile: this.currentFile,
      bytesPerSecond: Math.round(bytesPerSecond),
      filesPerSecond: Math.round(filesPerSecond * 10) / 10,
      etaSeconds,
      imported: this.imported,
      duplicates: this.duplicates,
      failed: this.failed,
      skipped: this.skipped,
    };
  }
}

/** Calls `emit` at most once per `intervalMs` while `poke` is called, and once more after the last poke. */
export class Throttle {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: () => void,
  ) {}

  poke(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.fire(), wait);
    this.timer.unref?.();
  }

  /** Emits now (final state), cancelling a pending emission. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.fire();
  }

  private fire(): void {
    this.timer = undefined;
    this.last = Date.now();
    this.emit();
  }
}

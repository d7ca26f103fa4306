import path from 'node:path';
import type { ImportJob as ImportJobInfo, ImportSummary } from '../../../shared/channels/import';
import { AppError } from '../api/app-error';
import type { EventHub } from '../api/event-hub';
import type { ProcessPool } from '../pool/process-pool';
import { BlobStore } from './blob-store';
import { ImportJob, type JobDeps, type WorkItem } from './import-job';
import { Throttle } from './progress';
import { Semaphore } from './semaphore';
import { UploadQueue } from './upload-queue';
import { walk } from './walker';

export interface IngestOptions {
  library: JobDeps['library'];
  pool: Pick<ProcessPool, 'run' | 'size'>;
  events: Pick<EventHub, 'emit'>;
  libraryDir: string;
  /** File handles the import may hold open at once, whatever the drop size (default 64). */
  maxOpenFiles?: number;
  /** Larger files are reported `too_large` (default 4 GiB). */
  maxFileBytes?: number;
  /** Largest upload request accepted (default `maxFileBytes`). */
  maxUploadBytes?: number;
  /** Files copied or extracted at once (default: see `filesInFlight`). */
  concurrency?: number;
  /** An upload job with no new file for this long ends (default 60 s). */
  uploadIdleMs?: number;
  /** Finished jobs remembered for `jobs()` (default 20). */
  recentJobs?: number;
  log?: (message: string) => void;
}

const PROGRESS_INTERVAL_MS = 250;
const LOOKAHEAD_ENTRIES = 10_000;

/**
 * Files between their copy and their commit at once: two per worker (the one it extracts and the
 * one the pool has sent ahead) and four being copied, so a worker never waits for a copy. With two
 * workers and two more files (pool size + 2) the workers sat idle a third of the time on the
 * 5,000-file import; with these eight the import took 23-24.5 s instead of 25-27.5.
 */
const filesInFlight = (workers: number) => workers * 2 + 4;
const MAX_REPORTED = 10_000;

/**
 * Import jobs: queued, run one at a time, each with one walker (or upload queue); progress as
 * throttled `import.progress` events, `import.document` as documents become searchable and
 * `import.finished` with the summary.
 */
export class IngestService {
  readonly blobs: BlobStore;
  readonly maxUploadBytes: number;
  private readonly handles: Semaphore;
  private readonly jobs_ = new Map<string, ImportJob>();
  private readonly uploads = new Map<string, UploadQueue>();
  private readonly queue: ImportJob[] = [];
  private running: ImportJob | undefined;
  private nextId = 1;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: IngestOptions) {
    this.blobs = new BlobStore(options.libraryDir);
    this.handles = new Semaphore(Math.max(3, options.maxOpenFiles ?? 64));
    this.maxUploadBytes = options.maxUploadBytes ?? options.maxFileBytes ?? 4 * 1024 ** 3;
  }

  /** Peak of file handles the imports held at once (for the benchmark and tests). */
  get peakOpenFiles(): number {
    return this.handles.peak;
  }

  /** Queues an import of files and folders (absolute paths); resolves to its job id at once. */
  start(paths: string[]): string {
    const roots = paths.map((p) => path.resolve(p));
    const maxFileBytes = this.options.maxFileBytes ?? 4 * 1024 ** 3;
    return this.enqueue('paths', roots, (signal) => walk(roots, { limiter: this.handles, signal, maxFileBytes }));
  }

  /**
   * Takes one uploaded file into the upload job `jobId` (a new job when absent or unknown to this
   * process, e.g. the first file of a dropped folder). The body is copied into the library as it
   * arrives, hashed on the way, never held whole.
   */
  async upload(jobId: string | undefined, relativePath: string, body: AsyncIterable<Buffer>, modifiedAt?: number): Promise<{ jobId: string }> {
    if (this.closed) throw new AppError('unavailable', 'the importer is closed');
    let queue = jobId ? this.uploads.get(jobId) : undefined;
    if (!queue || queue.isEnded) {
      queue = new UploadQueue(this.options.uploadIdleMs ?? 60_000);
      const q = queue;
      jobId = this.enqueue('upload', [], (signal) => q.consume(signal));
      this.uploads.set(jobId, queue);
    }
    const job = this.jobs_.get(jobId!)!;
    const staged = await this.blobs.stageStream(body, relativePath, { limiter: this.handles, signal: job.signal, maxBytes: this.maxUploadBytes });
    if (queue.isEnded) {
      await this.blobs.discard(staged.tmpPath);
      throw new Error('this upload job has already ended');
    }
    queue.push({ type: 'staged', path: relativePath, staged, modifiedAt: modifiedAt ?? null });
    return { jobId: jobId! };
  }

  /** The client has sent every file of the upload job. */
  endUpload(jobId: string): boolean {
    const queue = this.uploads.get(jobId);
    if (!queue) return false;
    queue.end();
    return true;
  }

  cancel(jobId: string): boolean {
    const job = this.requireJob(jobId);
    if (job.isOver) return false;
    job.cancel();
    for (const item of this.uploads.get(jobId)?.drain() ?? []) void this.blobs.discard(item.staged.tmpPath);
    return true;
  }

  /** A new job with the failed files of a finished path job; null when there is nothing to retry. */
  retryFailed(jobId: string): string | null {
    const job = this.requireJob(jobId);
    if (!job.isOver) throw new AppError('conflict', `import ${jobId} is still running`);
    const paths = job.source === 'paths' ? [...new Set(job.failures.map((f) => f.path))] : [];
    return paths.length ? this.start(paths) : null;
  }

  jobs(): ImportJobInfo[] {
    return [...this.jobs_.values()].map((job) => job.info());
  }

  /** Resolves with the job's summary once it is over. */
  async whenFinished(jobId: string): Promise<ImportSummary> {
    const job = this.requireJob(jobId);
    while (!job.isOver) await new Promise<void>((resolve) => this.idle.add(resolve));
    return job.summary();
  }

  /** Cancels every job and waits for the running one to clean up. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs_.values()) if (!job.isOver) this.cancel(job.id);
    if (this.running) await this.running.run();
  }

  private requireJob(jobId: string): ImportJob {
    const job = this.jobs_.get(jobId);
    if (!job) throw new AppError('not_found', `No import job ${jobId}`);
    return job;
  }

  private enqueue(source: 'paths' | 'upload', paths: string[], items: (signal: AbortSignal) => AsyncIterable<WorkItem>): string {
    if (this.closed) throw new AppError('unavailable', 'the importer is closed');
    const id = `imp-${Date.now().toString(36)}-${this.nextId++}`;
    const throttle = new Throttle(PROGRESS_INTERVAL_MS, () => this.options.events.emit('import.progress', job.progress.snapshot()));
    const job: ImportJob = new ImportJob(id, source, paths, items, {
      library: this.options.library,
      pool: this.options.pool,
      blobs: this.blobs,
      handles: this.handles,
      concurrency: this.options.concurrency ?? filesInFlight(this.options.pool.size),
      lookahead: LOOKAHEAD_ENTRIES,
      maxReported: MAX_REPORTED,
      thumbnailsDir: path.join(this.options.libraryDir, 'thumbnails'),
      onChange: (changed) => {
        if (changed.isOver) {
          throttle.flush();
          this.options.events.emit('import.finished', changed.summary());
          this.wakeWaiters();
        } else throttle.poke();
      },
      onDocument: (doc) => this.options.events.emit('import.document', doc),
      log: this.options.log ?? ((m) => console.error(m)),
    });
    this.jobs_.set(id, job);
    this.forgetOldJobs();
    this.queue.push(job);
    this.pump();
    return id;
  }

  private pump(): void {
    if (this.running) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    void next.run().finally(() => {
      this.running = undefined;
      this.uploads.delete(next.id);
      this.pump();
    });
  }

  private wakeWaiters(): void {
    for (const wake of this.idle) wake();
    this.idle.clear();
  }

  private forgetOldJobs(): void {
    const keep = this.options.recentJobs ?? 20;
    const over = [...this.jobs_.values()].filter((job) => job.isOver);
    for (const job of over.slice(0, Math.max(0, over.length - keep))) this.jobs_.delete(job.id);
  }
}

import { Worker } from 'node:worker_threads';
import type { ReaderPoolStats } from '../../../shared/channels/library';
import { AppError } from '../api/app-error';
import type { Ranking } from './connection';
import type { SqlReply, SqlRequest, SqlRetire, SqlThreadData } from './sql-protocol';

export interface SqlPoolOptions {
  script: string;
  file: string;
  readers: number;
  nativeBinding?: string;
  /** The ranking extension (see loadRanker and memoryReleaser). */
  ranker?: string;
  /** Reads waiting for a free reader beyond this are refused (`unavailable`). */
  queueLimit?: number;
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
  /** Queries slower than this are logged and counted. */
  slowMs?: number;
  /** A thread in use for this long hands over to a fresh one (see SqlPool). Default 60 s. */
  renewAfterMs?: number;
  log: (message: string) => void;
}

export interface JobOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface Job {
  id: number;
  op: string;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  enqueuedAt: number;
  startedAt: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
}

class SqlThread {
  job: Job | null = null;
  dead = false;
  queries = 0;
  busyMs = 0;
  readonly startedAt = performance.now();
  constructor(
    readonly worker: Worker,
    readonly sqliteVersion: string,
    readonly ranking: Ranking | undefined,
  ) {}
  get threadId(): number {
    return this.worker.threadId;
  }
  busyMsNow(now: number): number {
    return this.busyMs + (this.job ? now - this.job.startedAt : 0);
  }
}

const WAIT_SAMPLES = 1024;
/** Default of `renewAfterMs`. */
const RENEW_AFTER_MS = 60_000;
const MAX_RESPAWNS = 20;
/** A thread that served fewer operations than this is not renewed: an idle library keeps its threads. */
const RENEW_MIN_OPERATIONS = 100;
/** Longest the main thread waits for a renewed thread to start (it takes 50-130 ms). */
const START_HOLD_MS = 500;
/** Longest a held start waits for the reads in flight to be answered (see spawn). */
const HOLD_DEFER_MS = 1000;
/** Longest a renewed thread is given to end on its own before it is terminated (see retire). */
const RETIRE_MS = 1000;

/**
 * When a thread started at `threadStartedAt` falls due for renewal: at the end of the `periodMs`
 * round it started in, rounds counted from the pool's start. All threads of a pool fall due
 * together, however late each was renewed in its round: renewed a period after their own starts,
 * they drifted apart by their last jobs' lengths, until in a soak one in three cycles renewed a
 * thread and the cycles at rest in between read the threads at ever different ages.
 */
export function renewalDueAt(
  poolStartedAt: number,
  threadStartedAt: number,
  periodMs: number,
): number {
  if (periodMs <= 0) return threadStartedAt;
  const round = Math.floor((threadStartedAt - poolStartedAt) / periodMs);
  return poolStartedAt + (round + 1) * periodMs;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * SQLite in worker_threads, after Signal Desktop's ts/sql/main: one writer thread holding the only
 * read-write connection, N reader threads with read-only connections. Reads go to an idle reader,
 * else wait in a bounded queue; every job has a timeout (a reader stuck past it is replaced),
 * honours an AbortSignal while queued, and is traced when slow. Of the idle readers, the one that
 * served most takes the read, so a user's searches one after another stay on one warm thread
 * (alternating, the benchmark's median search took 0.35 ms longer: each reader sat idle through
 * the other's turn, and its caches warmed half as fast).
 *
 * Threads are renewed every `renewAfterMs`, all on one schedule (see renewalDueAt): once due, each
 * is replaced by a fresh one as it finishes a job (reads go to the other readers meanwhile, the
 * readers one at a time; writes wait the few milliseconds a writer takes to start). SQLite's
 * allocations in a long-lived thread leave the process's resident memory creeping up by ~0.15 MB
 * per 500 documents imported and deleted (glibc arenas and V8 pages, not any JS object); a fresh
 * thread starts from nothing, so the creep starts over with each one. Between renewals, a thread
 * collects its garbage whenever it falls idle (see collectWhenIdle).
 */
export class SqlPool {
  private readonly readers: SqlThread[] = [];
  /** Readers still starting (see start), each settled once it joined `readers` or failed. */
  private joining: Promise<void>[] = [];
  private writer!: SqlThread;
  private readonly readQueue: Job[] = [];
  private readonly writeQueue: Job[] = [];
  private nextId = 1;
  private readonly waits: number[] = [];
  private timeouts = 0;
  private slowQueries = 0;
  private respawns = 0;
  private renewals = 0;
  private readonly startedAt = performance.now();
  private closed = false;
  /** Held starts waiting for the reads in flight to be answered (see spawn). */
  private readonly readsSettledWaiters: (() => void)[] = [];
  private utilizationBase = { at: performance.now(), busyMs: 0 };

  private constructor(private readonly options: SqlPoolOptions) {}

  /**
   * Resolves once the writer and one reader run; the other readers start then and join as they are
   * ready. Each reader loads its document cache as it starts (~190 ms for 100k documents): on two
   * cores, readers starting together delayed the library's first answer by 100-150 ms.
   */
  static async start(options: SqlPoolOptions): Promise<SqlPool> {
    const pool = new SqlPool(options);
    const threads = await Promise.allSettled([pool.spawn('writer'), pool.spawn('reader')]);
    const failed = threads.find((t) => t.status === 'rejected');
    const started = threads.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []));
    if (failed) {
      await Promise.all(started.map((t) => t.worker.terminate()));
      throw (failed as PromiseRejectedResult).reason;
    }
    pool.writer = started[0]!;
    pool.readers.push(started[1]!);
    // Started once the caller has the pool, and held like renewals (see spawn): the app is at work.
    pool.joining = Array.from({ length: options.readers - 1 }, () =>
      new Promise((resolve) => setImmediate(resolve))
        .then(() => pool.spawn('reader', true))
        .then(
          (thread) => {
            pool.readers.push(thread);
            pool.dispatch();
          },
          (error: Error) => {
            if (!pool.closed) options.log(`[sql] a reader thread did not start: ${error.message}`);
          },
        ),
    );
    const ranking = pool.ranking;
    if (ranking.by === 'bm25')
      options.log(`[sql] ranking with FTS5's bm25(), slower: ${ranking.reason}`);
    return pool;
  }

  get sqliteVersion(): string {
    return this.writer.sqliteVersion;
  }

  /** How the readers rank (they all load the same extension). */
  get ranking(): Ranking {
    return this.readers[0]?.ranking ?? { by: 'bm25', reason: 'no reader thread' };
  }

  read(op: string, args: unknown[], options: JobOptions = {}): Promise<unknown> {
    if (this.readQueue.length >= (this.options.queueLimit ?? 1000)) {
      return Promise.reject(
        new AppError('unavailable', 'The library is too busy right now; try again'),
      );
    }
    return this.enqueue(
      this.readQueue,
      op,
      args,
      options.timeoutMs ?? this.options.readTimeoutMs ?? 10_000,
      options.signal,
    );
  }

  write(op: string, args: unknown[], options: JobOptions = {}): Promise<unknown> {
    return this.enqueue(
      this.writeQueue,
      op,
      args,
      options.timeoutMs ?? this.options.writeTimeoutMs ?? 120_000,
      options.signal,
    );
  }

  stats(): ReaderPoolStats {
    const now = performance.now();
    const sorted = [...this.waits].sort((a, b) => a - b);
    const busyMs = this.readers.reduce((sum, t) => sum + t.busyMsNow(now), 0);
    const elapsed = now - this.utilizationBase.at;
    const utilization =
      elapsed > 0
        ? Math.min(1, (busyMs - this.utilizationBase.busyMs) / (elapsed * this.readers.length))
        : 0;
    if (elapsed >= 1000) this.utilizationBase = { at: now, busyMs };
    return {
      size: this.options.readers,
      busy: this.readers.filter((t) => t.job).length,
      queued: this.readQueue.length,
      waitP50Ms: percentile(sorted, 50),
      waitP99Ms: percentile(sorted, 99),
      timeouts: this.timeouts,
      slowQueries: this.slowQueries,
      renewals: this.renewals,
      utilization: Math.max(0, utilization),
      threads: this.readers.map((t) => ({
        threadId: t.threadId,
        busy: t.job !== null,
        queries: t.queries,
        busyMs: Math.round(t.busyMsNow(now)),
      })),
    };
  }

  /** Lets queued writes finish, then stops every thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.writer.job || this.writeQueue.length) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    for (const job of this.readQueue.splice(0))
      this.settle(job, new AppError('unavailable', 'The library was closed'));
    for (const resume of this.readsSettledWaiters.splice(0)) resume();
    await Promise.all(this.joining);
    await Promise.all([this.writer, ...this.readers].map((t) => t.worker.terminate()));
  }

  private enqueue(
    queue: Job[],
    op: string,
    args: unknown[],
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 'The library is closed'));
    if (signal?.aborted) return Promise.reject(new AppError('cancelled', 'Cancelled'));
    return new Promise((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        op,
        args,
        resolve,
        reject,
        enqueuedAt: performance.now(),
        startedAt: 0,
        timeoutMs,
        signal,
        onAbort: undefined,
        timer: undefined,
        settled: false,
      };
      if (signal) {
        job.onAbort = () => {
          const index = queue.indexOf(job);
          if (index >= 0) queue.splice(index, 1);
          // A running query cannot be interrupted; its result is dropped when it arrives.
          this.settle(job, new AppError('cancelled', 'Cancelled by a newer request'));
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.closed) return;
    if (!this.writer.job && !this.writer.dead && this.writeQueue.length)
      this.run(this.writer, this.writeQueue.shift()!);
    while (this.readQueue.length) {
      const idle = this.readers.filter((t) => !t.job);
      if (!idle.length) break;
      const thread = idle.reduce((a, b) => (b.queries > a.queries ? b : a));
      this.run(thread, this.readQueue.shift()!);
    }
  }

  private run(thread: SqlThread, job: Job): void {
    job.startedAt = performance.now();
    if (thread !== this.writer) {
      this.waits.push(job.startedAt - job.enqueuedAt);
      if (this.waits.length > WAIT_SAMPLES) this.waits.shift();
    }
    thread.job = job;
    job.timer = setTimeout(() => this.onTimeout(thread, job), job.timeoutMs);
    const request: SqlRequest = { id: job.id, op: job.op, args: job.args };
    thread.worker.postMessage(request);
  }

  /** Replaces a thread that is due (see renewalDueAt) and idle by a fresh one. */
  private renewIfDue(thread: SqlThread): void {
    const period = this.options.renewAfterMs ?? RENEW_AFTER_MS;
    const due =
      performance.now() >= renewalDueAt(this.startedAt, thread.startedAt, period) &&
      thread.queries >= RENEW_MIN_OPERATIONS;
    if (!due || thread.job || thread.dead || this.closed) return;
    // Due together, the readers are renewed one after the other: one is always there to read.
    if (thread !== this.writer && this.readers.length < this.options.readers) return;
    this.renewals++;
    void this.replace(thread, 'renewal');
  }

  private onTimeout(thread: SqlThread, job: Job): void {
    if (thread.job !== job) return;
    this.timeouts++;
    this.options.log(
      `[sql] ${job.op} timed out after ${job.timeoutMs} ms; restarting thread ${thread.threadId}`,
    );
    this.settle(
      job,
      new AppError('timeout', `The query took longer than ${job.timeoutMs} ms and was stopped`),
    );
    void this.replace(thread);
  }

  private onReply(thread: SqlThread, reply: SqlReply): void {
    if (reply.kind !== 'result') return;
    const job = thread.job;
    if (!job || job.id !== reply.id) return;
    thread.job = null;
    thread.queries++;
    thread.busyMs += performance.now() - job.startedAt;
    this.renewIfDue(thread);
    if (reply.ms > (this.options.slowMs ?? 40)) {
      this.slowQueries++;
      this.options.log(`[sql] slow ${job.op} ${reply.ms.toFixed(1)} ms ${describeArgs(job.args)}`);
    }
    if (reply.ok) this.settle(job, null, reply.value);
    else this.settle(job, new AppError(reply.error.code, reply.error.message));
    this.dispatch();
    // After the reply's own continuations: they may well ask for the next read.
    if (this.readsSettledWaiters.length) setImmediate(() => this.resumeIfReadsSettled());
  }

  /**
   * Whether a reader is answering a read. Queued reads do not count: with an idle reader they would
   * be running, and with none (the only one being replaced) they wait for the thread about to start.
   */
  private readsInFlight(): boolean {
    return this.readers.some((t) => t.job);
  }

  private resumeIfReadsSettled(): void {
    if (!this.readsInFlight()) for (const resume of this.readsSettledWaiters.splice(0)) resume();
  }

  /** Resolves once no reader is answering a read, or after HOLD_DEFER_MS. */
  private readsSettled(): Promise<void> {
    if (this.closed || !this.readsInFlight()) return Promise.resolve();
    return new Promise((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        const index = this.readsSettledWaiters.indexOf(resume);
        if (index >= 0) this.readsSettledWaiters.splice(index, 1);
        resolve();
      };
      const timer = setTimeout(resume, HOLD_DEFER_MS);
      this.readsSettledWaiters.push(resume);
    });
  }

  private settle(job: Job, error: Error | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (error) job.reject(error);
    else job.resolve(value);
  }

  /**
   * Takes a thread out of service and starts a fresh one in its place. The old one ends first: two
   * writers never overlap, and the fresh connection reuses the files SQLite keeps open for a closed
   * one while other connections of the process hold locks on them (a bounded few handles).
   */
  private async replace(thread: SqlThread, why: 'failure' | 'renewal' = 'failure'): Promise<void> {
    const role = thread === this.writer ? 'writer' : 'reader';
    const list = role === 'writer' ? null : this.readers;
    thread.dead = true;
    if (list) list.splice(list.indexOf(thread), 1);
    thread.worker.removeAllListeners();
    if (why === 'failure') await thread.worker.terminate();
    else if (!(await retire(thread.worker)))
      this.options.log(
        `[sql] a renewed ${role} thread did not end within ${RETIRE_MS} ms; stopped`,
      );
    if (this.closed || (why === 'failure' && this.respawns++ >= MAX_RESPAWNS)) return;
    try {
      const fresh = await this.spawn(role, true);
      if (this.closed) {
        await fresh.worker.terminate();
        return;
      }
      if (list) list.push(fresh);
      else this.writer = fresh;
      this.dispatch();
    } catch (error) {
      if (!this.closed)
        this.options.log(`[sql] could not restart a ${role} thread: ${(error as Error).message}`);
    }
  }

  /**
   * Starts an SQL thread. Creating its isolate puts V8's process-wide young-generation flag back to
   * its default (see young-generation.ts) until the thread sets it again as it starts; a scavenge
   * on the main thread meanwhile can grow the main new space for good (+8 MB once in a 30-minute
   * soak). With `holdMainThread` (renewals, restarts, readers joining an open library) the main
   * thread waits for the flag instead: a pause of 50-130 ms per thread and minute at most, taken
   * when no read is in flight (a reply arriving meanwhile waited it out: the first search after
   * the library opened took 100 ms longer). The writer and first reader start while the library
   * opens, where waiting would only delay it.
   */
  private async spawn(role: SqlThreadData['role'], holdMainThread = false): Promise<SqlThread> {
    if (holdMainThread) await this.readsSettled();
    // Closed while it waited: nothing may start after close() (it waits only for joining readers).
    if (this.closed) throw new AppError('unavailable', 'The library was closed');
    const data: SqlThreadData = {
      file: this.options.file,
      role,
      nativeBinding: this.options.nativeBinding,
      ranker: this.options.ranker,
      started: holdMainThread ? startedFlag() : undefined,
    };
    const worker = new Worker(this.options.script, { workerData: data, name: `sql-${role}` });
    if (data.started) {
      try {
        Atomics.wait(data.started, 0, 0, START_HOLD_MS);
      } catch {
        // A main thread its embedder forbids to block (Chromium's rule) starts the thread unheld.
      }
    }
    return new Promise((resolve, reject) => {
      let thread: SqlThread | null = null;
      worker.on('message', (reply: SqlReply) => {
        if (reply.kind === 'ready') {
          thread = new SqlThread(worker, reply.sqliteVersion, reply.ranking);
          resolve(thread);
        } else if (reply.kind === 'fatal') {
          void worker.terminate();
          reject(new AppError('unavailable', `Could not open the library: ${reply.message}`));
        } else if (thread) this.onReply(thread, reply);
      });
      worker.on('error', (error) => {
        this.options.log(`[sql] ${role} thread failed: ${error.stack ?? error.message}`);
        if (!thread) reject(error);
      });
      worker.on('exit', (code) => {
        if (!thread || this.closed) return;
        if (thread.job)
          this.settle(
            thread.job,
            new AppError('internal', `The SQL ${role} thread exited (code ${code})`),
          );
        thread.job = null;
        void this.replace(thread);
      });
    });
  }
}

/**
 * Ends an idle thread the way it lets go of its memory: terminated at once, its isolate would be
 * thrown away without running the finalizers of its statements, whose native objects then stay
 * allocated (heaptrack, 12-minute soak: 239 KB of them left by terminated threads). The thread
 * closes its connection, lets go of its statements, collects and exits instead (malloc's bytes in
 * use after a reader thread: 3.3 KB while it still held its statements as it collected, 0.5 KB
 * now); resolves to whether it did so in time (else it is terminated).
 */
async function retire(worker: Worker): Promise<boolean> {
  worker.on('error', () => {}); // it ends either way
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<boolean>((resolve) => worker.once('exit', () => resolve(true)));
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, RETIRE_MS, false)));
  worker.postMessage({ retire: true } satisfies SqlRetire);
  const ended = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (!ended) await worker.terminate();
  return ended;
}

/** A shared word for a thread to set once started; none where shared memory is unavailable. */
function startedFlag(): Int32Array | undefined {
  try {
    return new Int32Array(new SharedArrayBuffer(4));
  } catch {
    return undefined;
  }
}

function describeArgs(args: unknown[]): string {
  const text = JSON.stringify(args) ?? '';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

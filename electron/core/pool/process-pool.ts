import os from 'node:os';
import type {
  DebugResult,
  DebugTask,
  ExtractResult,
  ExtractTask,
  FailureReason,
  FromWorker,
  TaskResult,
  TextChunk,
  ToWorker,
  WorkerTask,
} from './protocol';
import type { Spawner, WorkerExit, WorkerHandle } from './spawner';
import { TaskFailure } from './task-failure';

export interface ProcessPoolOptions {
  spawner: Spawner;
  /** Absolute path of the worker script; the composition root passes `path.resolve('dist/worker/index.mjs')`. */
  script: string;
  /** Base of the process names (`<name>-1`, `<name>-2`…); default `skr-worker`. */
  name?: string;
  /**
   * Worker processes that run tasks, never more than the cores. Default 3, and no more than the
   * cores but one: the main process and its database threads use most of a core while an import
   * runs. On two cores one worker imports as fast as two did, with a quarter less CPU and 80 MB less
   * memory (two workers slowed each other and the main process down).
   */
  size?: number;
  /**
   * While every worker has been on its current task this long and tasks wait, one more worker
   * starts for them (if the cores allow it), so one long file does not hold back all the others;
   * it stops once no worker is held up. Default 2000 ms.
   */
  reliefAfterMs?: number;
  /** Tasks waiting for a worker; `submit` waits while the queue is full. Default 16. */
  maxQueue?: number;
  /** A worker making no progress (no chunk, no result) for this long is killed. Default 60 s. */
  taskTimeoutMs?: number;
  /** V8 heap cap of each worker (`--max-old-space-size`). Default 512. */
  heapMb?: number;
  /**
   * A worker is replaced after this many tasks. Default 5000: each start reloads the language
   * model and the parsers (about a second of CPU), so memory is bounded by `maxRssBytes` instead.
   */
  maxTasksPerWorker?: number;
  /** A worker whose resident set passes this after a task is replaced. Default 256 MiB. */
  maxRssBytes?: number;
  /** Extra environment for the workers (e.g. `SKR_WORKER_TEST_HOOKS: '1'` in tests). */
  env?: Record<string, string>;
  log?: (message: string) => void;
}

export interface RunOptions {
  /**
   * Receives the text as it streams, in order, one call at a time; the worker waits for the
   * returned promise before it sends more than a couple of chunks ahead. When a crashed task is
   * retried, `attempt` becomes 2 and ordinals restart at 0: drop what attempt 1 delivered.
   */
  onChunk?: (chunk: TextChunk, info: { attempt: number }) => void | Promise<void>;
  /** Aborting removes a queued task, or kills the worker running it; `run` rejects as `cancelled`. */
  signal?: AbortSignal;
  /** Overrides the pool's `taskTimeoutMs` for this task. */
  timeoutMs?: number;
}

export type ResultOf<T extends WorkerTask> = T extends ExtractTask ? ExtractResult : T extends DebugTask ? DebugResult : TaskResult;

export interface WorkerInfo {
  pid: number | undefined;
  name: string;
  busy: boolean;
  /** Last resident set size the worker reported (with every message it sends). */
  rssBytes?: number;
  tasksDone: number;
}

export interface PoolStats {
  size: number;
  busy: number;
  idle: number;
  starting: number;
  queued: number;
  /** Producers blocked in `submit` because the queue is full. */
  waitingProducers: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** Tasks run a second time after their worker crashed. */
  retries: number;
  /** Workers replaced after a crash, an out-of-memory exit or a timeout. */
  restarts: number;
  /** Workers replaced after `maxTasksPerWorker` tasks or passing `maxRssBytes`. */
  recycles: number;
  /** Relief workers started while every worker was held up by a long task (see `reliefAfterMs`). */
  reliefs: number;
  workers: WorkerInfo[];
}

/** A task accepted into the queue; `result` settles when it has run. */
export interface Submitted<T extends WorkerTask> {
  result: Promise<ResultOf<T>>;
}

interface Job {
  id: number;
  task: WorkerTask;
  opts: RunOptions;
  attempt: number;
  settled: boolean;
  /** onChunk calls and the final settlement run one after another through this chain. */
  chain: Promise<void>;
  resolve(result: TaskResult): void;
  reject(error: unknown): void;
  detachAbort(): void;
  /** Resolves (never rejects) once the job has settled either way. */
  settledPromise: Promise<void>;
  markSettled(): void;
}

type SlotState = 'starting' | 'idle' | 'busy' | 'stopping';

interface Slot {
  name: string;
  handle: WorkerHandle;
  state: SlotState;
  job?: Job;
  /**
   * The task sent ahead to a busy worker, which starts it as soon as `job` ends: the worker does
   * not sit idle for the round trip of a result and the next task (see `pump`).
   */
  next?: Job;
  /** The worker was asked to give `next` back (another worker went idle with nothing queued). */
  droppingNext?: boolean;
  tasksDone: number;
  rssBytes?: number;
  /** Chunks received and not yet acknowledged; the timeout is paused while the parent works. */
  pendingChunks: number;
  timer?: NodeJS.Timeout;
  /** When the worker began its current task (`performance.now()`). */
  taskStartedAt: number;
  /** Set when the pool itself ends the process, so its exit is not taken for a crash. */
  endedBy?: 'timeout' | 'cancel' | 'recycle' | 'retire' | 'shutdown';
  exited: Promise<void>;
  markExited(): void;
  /** Resolves when the worker reports ready. */
  started: Promise<void>;
  markStarted(): void;
}

const START_FAILURE_LIMIT = 3;
const STOP_GRACE_MS = 2000;

/**
 * A pool of worker processes running extraction tasks: bounded queue with backpressure,
 * per-task timeout, one retry after a crash, heap caps, recycling and graceful close.
 */
export class ProcessPool {
  readonly size: number;
  /** `size`, plus one relief worker while the others are held up by long tasks, if the cores allow. */
  private readonly maxWorkers: number;
  private readonly reliefAfterMs: number;
  private reliefTimer: NodeJS.Timeout | undefined;
  private readonly maxQueue: number;
  private readonly taskTimeoutMs: number;
  private readonly heapMb: number;
  private readonly maxTasksPerWorker: number;
  private readonly maxRssBytes: number;
  private readonly baseName: string;
  private readonly log: (message: string) => void;

  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly roomWaiters: Array<() => void> = [];
  private nextJobId = 1;
  private spawned = 0;
  private startFailures = 0;
  private closing?: Promise<void>;
  private readonly counters = { completed: 0, failed: 0, cancelled: 0, retries: 0, restarts: 0, recycles: 0, reliefs: 0 };

  constructor(private readonly options: ProcessPoolOptions) {
    const cores = os.availableParallelism();
    this.size = Math.max(1, options.size === undefined ? Math.min(3, cores - 1) : Math.min(options.size, cores));
    this.maxWorkers = Math.min(this.size + 1, cores);
    this.reliefAfterMs = options.reliefAfterMs ?? 2000;
    this.maxQueue = Math.max(1, options.maxQueue ?? 16);
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.heapMb = options.heapMb ?? 512;
    this.maxTasksPerWorker = options.maxTasksPerWorker ?? 5000;
    this.maxRssBytes = options.maxRssBytes ?? 256 * 1024 * 1024;
    this.baseName = options.name ?? 'skr-worker';
    this.log = options.log ?? (() => {});
  }

  /** Runs a task on the next free worker; waits for queue room first. Rejects with `TaskFailure`. */
  async run<T extends WorkerTask>(task: T, opts: RunOptions = {}): Promise<ResultOf<T>> {
    const { result } = await this.submit(task, opts);
    return result;
  }

  /**
   * Queues a task, waiting while the queue is full (backpressure): a producer that awaits
   * `submit` for each file never holds more than `maxQueue` tasks in memory.
   */
  async submit<T extends WorkerTask>(task: T, opts: RunOptions = {}): Promise<Submitted<T>> {
    while (this.queue.length >= this.maxQueue) {
      this.throwIfUnavailable(opts.signal);
      await this.waitForRoom(opts.signal);
    }
    this.throwIfUnavailable(opts.signal);
    let resolve!: (result: TaskResult) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<TaskResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let markSettled!: () => void;
    const settledPromise = new Promise<void>((res) => (markSettled = res));
    const job: Job = {
      settledPromise,
      markSettled,
      id: this.nextJobId++,
      task,
      opts,
      attempt: 1,
      settled: false,
      chain: Promise.resolve(),
      resolve,
      reject,
      detachAbort: () => {},
    };
    if (opts.signal) {
      const onAbort = () => this.cancel(job);
      opts.signal.addEventListener('abort', onAbort, { once: true });
      job.detachAbort = () => opts.signal?.removeEventListener('abort', onAbort);
    }
    this.queue.push(job);
    this.pump();
    return { result: result as Promise<ResultOf<T>> };
  }

  /**
   * Starts all `size` workers now instead of on demand, and resolves once each is ready (or has
   * failed to start). Optional: call it at startup so the first import does not wait for workers.
   */
  async warmUp(): Promise<void> {
    if (this.closing) return;
    let live = this.liveWorkers();
    while (live++ < this.size) this.spawnSlot();
    await Promise.all([...this.slots].map((slot) => Promise.race([slot.started, slot.exited])));
  }

  stats(): PoolStats {
    let busy = 0;
    let idle = 0;
    let starting = 0;
    for (const slot of this.slots) {
      if (slot.state === 'busy') busy++;
      else if (slot.state === 'idle') idle++;
      else if (slot.state === 'starting') starting++;
    }
    return {
      size: this.size,
      busy,
      idle,
      starting,
      queued: this.queue.length,
      waitingProducers: this.roomWaiters.length,
      ...this.counters,
      workers: this.workers(),
    };
  }

  workers(): WorkerInfo[] {
    return [...this.slots].map((slot) => ({
      pid: slot.handle.pid,
      name: slot.name,
      busy: slot.state === 'busy',
      rssBytes: slot.rssBytes,
      tasksDone: slot.tasksDone,
    }));
  }

  /**
   * Stops accepting tasks, cancels queued ones, gives running tasks `graceMs` to finish (then
   * kills their workers), asks idle workers to exit, and resolves once every process is gone.
   */
  close({ graceMs = 5000 }: { graceMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutdown(graceMs);
    return this.closing;
  }

  private async shutdown(graceMs: number): Promise<void> {
    for (const wake of this.roomWaiters.splice(0)) wake();
    clearTimeout(this.reliefTimer);
    // Tasks sent ahead are cancelled with the queue (a worker that starts one is stopped anyway).
    for (const slot of this.slots) this.takeBackNext(slot);
    for (const job of this.queue.splice(0)) this.settleFailure(job, new TaskFailure('cancelled', 'the pool was closed'));
    const running = [...this.slots].flatMap((slot) => (slot.job ? [slot.job.settledPromise] : []));
    if (running.length > 0 && !(await settlesWithin(Promise.all(running), graceMs))) {
      this.log(`pool: closing with running tasks cancelled after ${graceMs} ms`);
    }
    for (const slot of this.slots) {
      if (slot.state === 'idle') this.stopSlot(slot, 'shutdown');
      else if (slot.state !== 'stopping') {
        const job = slot.job;
        this.killSlot(slot, 'shutdown');
        if (job) this.settleFailure(job, new TaskFailure('cancelled', 'the pool was closed'));
      }
    }
    await Promise.all([...this.slots].map((slot) => slot.exited));
  }

  private throwIfUnavailable(signal: AbortSignal | undefined): void {
    if (this.closing) throw new TaskFailure('cancelled', 'the pool is closed');
    if (signal?.aborted) throw new TaskFailure('cancelled', 'the task was cancelled');
  }

  private waitForRoom(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.roomWaiters.indexOf(wake);
        if (index >= 0) this.roomWaiters.splice(index, 1);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.roomWaiters.push(wake);
    });
  }

  private pump(): void {
    if (this.closing) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.state === 'idle') this.dispatch(slot, this.queue.shift()!);
    }
    let live = 0;
    let starting = 0;
    for (const slot of this.slots) {
      if (slot.state !== 'stopping') live++;
      if (slot.state === 'starting') starting++;
    }
    while (live < this.size && starting < this.queue.length) {
      this.spawnSlot();
      live++;
      starting++;
    }
    if (this.considerRelief(live, starting)) starting++;
    // Then each busy worker gets its next task ahead (tasks a starting worker will take stay
    // queued). Between two tasks a worker otherwise waited for its result to reach this process and
    // the next task to come back: on the 5,000-file import about 1.7 ms a task, a third of its time.
    for (const slot of this.slots) {
      if (this.queue.length <= starting) break;
      if (slot.state === 'busy' && !slot.next && slot.tasksDone + 2 <= this.maxTasksPerWorker) this.sendAhead(slot, this.queue.shift()!);
    }
    // A worker idle with nothing queued takes over a task sent ahead to a worker still busy (on a
    // long file, or one that hangs): its worker gives it back if it has not started it.
    if (this.queue.length === 0 && [...this.slots].some((slot) => slot.state === 'idle')) {
      for (const slot of this.slots) {
        if (slot.state !== 'busy' || !slot.next || slot.droppingNext) continue;
        slot.droppingNext = true;
        this.send(slot, { type: 'drop', id: slot.next.id });
      }
    }
    let room = this.maxQueue - this.queue.length;
    while (room-- > 0 && this.roomWaiters.length > 0) this.roomWaiters.shift()!();
  }

  /**
   * Starts a relief worker once every live worker has been on its current task for `reliefAfterMs`
   * while tasks wait; until then, checks again when the latest of those tasks reaches that age.
   */
  private considerRelief(live: number, starting: number): boolean {
    clearTimeout(this.reliefTimer);
    this.reliefTimer = undefined;
    const waiting = this.queue.length > 0 || [...this.slots].some((slot) => slot.next);
    if (live >= this.maxWorkers || starting > 0 || !waiting) return false;
    let latestStart = Number.NEGATIVE_INFINITY;
    for (const slot of this.slots) {
      if (slot.state === 'idle') return false;
      if (slot.state === 'busy') latestStart = Math.max(latestStart, slot.taskStartedAt);
    }
    const wait = latestStart + this.reliefAfterMs - performance.now();
    if (wait > 0) {
      this.reliefTimer = setTimeout(() => this.pump(), wait);
      this.reliefTimer.unref();
      return false;
    }
    this.log(`pool: every worker held up for ${this.reliefAfterMs} ms; starting a relief worker`);
    this.counters.reliefs++;
    this.spawnSlot();
    return true;
  }

  /** True while some busy worker other than `except` has been on its task for `reliefAfterMs`. */
  private someWorkerHeldUp(except: Slot): boolean {
    const now = performance.now();
    for (const slot of this.slots) {
      if (slot !== except && slot.state === 'busy' && now - slot.taskStartedAt >= this.reliefAfterMs) return true;
    }
    return false;
  }

  private spawnSlot(): void {
    const name = `${this.baseName}-${++this.spawned}`;
    const handle = this.options.spawner.spawn({
      script: this.options.script,
      name,
      // Extraction makes short-lived strings at a steady pace. A small young generation keeps each
      // worker's resident set lower than the default 16 MiB semi-spaces do, but at 2 MiB objects were
      // promoted early and a fifth of a worker's CPU went to collecting (each mark of the old
      // generation walks the language model): 4 MiB cut worker CPU 10 % and the 5,000-file
      // import 5 %, for ~8 MB more per worker.
      execArgv: [`--max-old-space-size=${this.heapMb}`, '--max-semi-space-size=4'],
      // glibc gives each thread that allocates its own malloc arena (libuv's file threads, libvips,
      // V8's helpers), and memory freed in one is not reused by the others: two arenas cut a
      // worker's peak by 8-10 MB on the import benchmark at no measurable CPU cost. Other C
      // libraries ignore the variable.
      env: { MALLOC_ARENA_MAX: '2', ...this.options.env },
    });
    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const slot: Slot = { name, handle, state: 'starting', tasksDone: 0, taskStartedAt: 0, pendingChunks: 0, exited, markExited, started, markStarted };
    this.slots.add(slot);
    handle.on('message', (message) => this.onMessage(slot, message as FromWorker));
    handle.on('exit', (exit) => this.onExit(slot, exit));
  }

  private dispatch(slot: Slot, job: Job): void {
    this.send(slot, { type: 'task', id: job.id, task: job.task });
    this.begin(slot, job);
  }

  private sendAhead(slot: Slot, job: Job): void {
    slot.next = job;
    this.send(slot, { type: 'task', id: job.id, task: job.task });
  }

  /** `job` is now the one the worker runs (dispatched to an idle worker, or its task sent ahead). */
  private begin(slot: Slot, job: Job): void {
    slot.state = 'busy';
    slot.job = job;
    slot.taskStartedAt = performance.now();
    slot.pendingChunks = 0;
    this.armTimer(slot);
  }

  /** Takes back the task sent ahead of a worker that will not run it: first in line again. */
  private takeBackNext(slot: Slot): void {
    const next = slot.next;
    slot.next = undefined;
    slot.droppingNext = false;
    if (!next || next.settled) return;
    if (this.closing) this.settleFailure(next, new TaskFailure('cancelled', 'the pool was closed'));
    else this.queue.unshift(next);
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (typeof message !== 'object' || message === null) return;
    slot.rssBytes = message.rss;
    if (message.type === 'ready') {
      if (slot.state !== 'starting') return;
      slot.state = 'idle';
      slot.markStarted();
      this.startFailures = 0;
      this.pump();
      return;
    }
    if (message.type === 'dropped') {
      if (slot.next?.id === message.id) this.takeBackNext(slot);
      this.pump();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    if (message.type === 'chunk') {
      this.onChunk(slot, job, message.chunk, message.last === true);
      return;
    }
    this.clearTimer(slot);
    slot.job = undefined;
    slot.tasksDone++;
    const outcome = message;
    job.chain = job.chain.then(() => {
      if (outcome.type === 'done') this.settleSuccess(job, outcome.result);
      else this.settleFailure(job, new TaskFailure(outcome.reason, outcome.message));
    });
    this.afterTask(slot);
  }

  private onChunk(slot: Slot, job: Job, chunk: TextChunk, last: boolean): void {
    this.clearTimer(slot);
    slot.pendingChunks++;
    const attempt = job.attempt;
    job.chain = job.chain
      .then(async () => {
        if (!job.settled && job.attempt === attempt) await job.opts.onChunk?.(chunk, { attempt });
      })
      .then(
        () => {
          if (slot.job !== job || job.attempt !== attempt) return;
          slot.pendingChunks--;
          if (!last) this.send(slot, { type: 'ack', id: job.id, ordinal: chunk.ordinal });
          if (slot.pendingChunks === 0) this.armTimer(slot);
        },
        (error: unknown) => {
          // The consumer could not take the text: stop the work and hand its error back.
          if (slot.job === job) this.killSlot(slot, 'cancel');
          this.settleFailure(job, error);
        },
      );
  }

  private afterTask(slot: Slot): void {
    // A worker being killed (its task's consumer failed) may still report that task before it
    // exits: it must not be marked idle and handed the next task, which its exit would then drop.
    if (slot.state === 'stopping') return this.pump();
    const rss = slot.rssBytes ?? 0;
    if (slot.tasksDone >= this.maxTasksPerWorker || rss > this.maxRssBytes) {
      this.counters.recycles++;
      this.log(`pool: recycling ${slot.name} after ${slot.tasksDone} tasks, rss ${Math.round(rss / 1048576)} MiB`);
      // The worker may have started the task sent ahead; it exits on 'shutdown' all the same.
      this.takeBackNext(slot);
      this.stopSlot(slot, 'recycle');
    } else if (this.liveWorkers() > this.size && !this.someWorkerHeldUp(slot)) {
      // The relief is over: back to `size` workers (whichever finishes first goes).
      this.takeBackNext(slot);
      this.stopSlot(slot, 'retire');
    } else if (slot.next) {
      // The worker has started it (a 'drop' that crossed this finds nothing to give back).
      const next = slot.next;
      slot.next = undefined;
      slot.droppingNext = false;
      this.begin(slot, next);
    } else {
      slot.state = 'idle';
    }
    this.pump();
  }

  private onExit(slot: Slot, exit: WorkerExit): void {
    this.clearTimer(slot);
    this.slots.delete(slot);
    slot.markExited();
    const job = slot.job;
    slot.job = undefined;
    this.takeBackNext(slot);
    // Killed because the task sent ahead of it was cancelled: its own task runs again elsewhere.
    if (job && !job.settled && slot.endedBy === 'cancel' && !this.closing) {
      job.attempt++;
      this.counters.retries++;
      this.queue.unshift(job);
    }
    if (slot.state === 'starting' && !slot.endedBy) this.onStartFailure(exit);
    else if (!slot.endedBy) {
      this.counters.restarts++;
      const reason: FailureReason = exit.outOfMemory ? 'out_of_memory' : 'crashed';
      this.log(`pool: ${slot.name} ended (${describeExit(exit)})${job ? ` during task ${job.id}` : ''}`);
      if (job && !job.settled) {
        if (this.closing) {
          this.settleFailure(job, new TaskFailure('cancelled', 'the pool was closed'));
        } else if (job.attempt === 1) {
          job.attempt = 2;
          this.counters.retries++;
          this.queue.unshift(job);
        } else {
          this.settleFailure(job, new TaskFailure(reason, failureMessage(reason, exit)));
        }
      }
    }
    this.pump();
  }

  private onStartFailure(exit: WorkerExit): void {
    this.startFailures++;
    this.log(`pool: a worker failed to start (${describeExit(exit)})`);
    if (this.startFailures < START_FAILURE_LIMIT) return;
    this.startFailures = 0;
    const failure = new TaskFailure('crashed', `the worker could not start: ${exit.stderrTail.trim().slice(-500) || describeExit(exit)}`);
    for (const job of this.queue.splice(0)) this.settleFailure(job, failure);
  }

  private cancel(job: Job): void {
    if (job.settled) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.settleFailure(job, new TaskFailure('cancelled', 'the task was cancelled'));
    // A task sent ahead may already be running (its start crossed this): the worker goes either
    // way, and the task it was running, unless cancelled too, runs again (see onExit).
    for (const slot of this.slots) if (slot.job === job || slot.next === job) this.killSlot(slot, 'cancel');
    this.pump();
  }

  private armTimer(slot: Slot): void {
    this.clearTimer(slot);
    const timeoutMs = slot.job?.opts.timeoutMs ?? this.taskTimeoutMs;
    slot.timer = setTimeout(() => {
      const job = slot.job;
      this.killSlot(slot, 'timeout');
      this.counters.restarts++;
      if (job) this.settleFailure(job, new TaskFailure('timeout', `no progress for ${timeoutMs} ms; the worker was stopped`));
    }, timeoutMs);
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
  }

  private liveWorkers(): number {
    let live = 0;
    for (const slot of this.slots) if (slot.state !== 'stopping') live++;
    return live;
  }

  /** Asks a worker to exit after its current message; kills it if it has not gone in time. */
  private stopSlot(slot: Slot, why: 'recycle' | 'retire' | 'shutdown'): void {
    slot.state = 'stopping';
    slot.endedBy = why;
    this.send(slot, { type: 'shutdown' });
    const fallback = setTimeout(() => slot.handle.kill(), STOP_GRACE_MS);
    void slot.exited.then(() => clearTimeout(fallback));
  }

  private killSlot(slot: Slot, why: NonNullable<Slot['endedBy']>): void {
    this.clearTimer(slot);
    slot.state = 'stopping';
    slot.endedBy = why;
    slot.handle.kill();
  }

  private send(slot: Slot, message: ToWorker): void {
    slot.handle.postMessage(message);
  }

  private settleSuccess(job: Job, result: TaskResult): void {
    if (job.settled) return;
    job.settled = true;
    job.detachAbort();
    job.markSettled();
    this.counters.completed++;
    job.resolve(result);
  }

  private settleFailure(job: Job, error: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.detachAbort();
    job.markSettled();
    if (error instanceof TaskFailure && error.reason === 'cancelled') this.counters.cancelled++;
    else this.counters.failed++;
    job.reject(error);
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function describeExit(exit: WorkerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function failureMessage(reason: FailureReason, exit: WorkerExit): string {
  if (reason === 'out_of_memory') return `the worker ran out of memory twice (${describeExit(exit)})`;
  return `the worker crashed twice (${describeExit(exit)})`;
}

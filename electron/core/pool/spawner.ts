/**
 * How the pool starts a worker process. Two implementations: Node's `child_process.fork`
 * (node-spawner.ts: CLI, browser mode, tests) and Electron's `utilityProcess.fork`
 * (electron/main/utility-process-spawner.ts). The worker entry speaks to either.
 */

export interface SpawnOptions {
  /** Absolute path of the worker script (dist/worker/index.mjs). */
  script: string;
  /** Process name shown in process metrics (Electron `serviceName`). */
  name: string;
  /** Runtime flags, e.g. `--max-old-space-size=512`. */
  execArgv: string[];
  /** Variables added to the parent's environment. */
  env?: Record<string, string>;
}

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** The runtime reported that the JavaScript heap ran out (V8 fatal error on stderr). */
  outOfMemory: boolean;
  /** The last few kilobytes the worker wrote to stderr, for the failure message. */
  stderrTail: string;
}

export interface WorkerHandle {
  /** Undefined until the process has started (Electron reports it on `spawn`). */
  readonly pid: number | undefined;
  /** Messages to a dead worker are dropped silently: its `exit` is reported instead. */
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  /** Emitted exactly once, also when the process could not be started. */
  on(event: 'exit', listener: (exit: WorkerExit) => void): void;
  /** Ends the process at once (SIGKILL or the platform's equivalent). */
  kill(): void;
}

export interface Spawner {
  spawn(opts: SpawnOptions): WorkerHandle;
}

const TAIL_CHARS = 4096;
const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit|out of memory/i;

/** Keeps the tail of a worker's stderr and notices V8's out-of-memory report in it. */
export class StderrTail {
  private text = '';
  private sawOutOfMemory = false;

  push(data: Buffer | string): void {
    this.text = (this.text + data.toString()).slice(-TAIL_CHARS);
    if (!this.sawOutOfMemory && OUT_OF_MEMORY.test(this.text)) this.sawOutOfMemory = true;
  }

  get outOfMemory(): boolean {
    return this.sawOutOfMemory;
  }

  toString(): string {
    return this.text;
  }
}

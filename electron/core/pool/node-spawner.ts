import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Spawner, SpawnOptions, WorkerExit, WorkerHandle } from './spawner';
import { StderrTail } from './spawner';

export interface NodeSpawnerOptions {
  /** Copy the workers' stderr to this process's stderr as well (default true). */
  forwardStderr?: boolean;
}

/** Starts workers with `child_process.fork` (CLI, browser mode, tests). */
export function createNodeSpawner(options: NodeSpawnerOptions = {}): Spawner {
  const forwardStderr = options.forwardStderr ?? true;
  return {
    spawn(opts: SpawnOptions): WorkerHandle {
      const child = fork(opts.script, [], {
        execArgv: opts.execArgv,
        env: { ...process.env, ...opts.env },
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
      const events = new EventEmitter();
      const stderr = new StderrTail();
      child.stderr?.on('data', (data: Buffer) => {
        stderr.push(data);
        if (forwardStderr) process.stderr.write(data);
      });
      let exited = false;
      const reportExit = (code: number | null, signal: string | null) => {
        if (exited) return;
        exited = true;
        const exit: WorkerExit = { code, signal, outOfMemory: stderr.outOfMemory, stderrTail: stderr.toString() };
        events.emit('exit', exit);
      };
      child.on('message', (message) => events.emit('message', message));
      // 'close' waits for stderr to drain, so the out-of-memory report is in the tail by then.
      child.on('close', (code, signal) => reportExit(code, signal));
      child.on('error', (error) => {
        if (child.pid === undefined) {
          stderr.push(String(error));
          reportExit(null, null);
        }
      });
      return {
        get pid() {
          return child.pid;
        },
        postMessage(message) {
          if (child.connected) child.send(message as object, (error) => void error);
        },
        on(event: 'message' | 'exit', listener: (arg: never) => void) {
          events.on(event, listener as (arg: unknown) => void);
        },
        kill() {
          if (!exited) child.kill('SIGKILL');
        },
      };
    },
  };
}

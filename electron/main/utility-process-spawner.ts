import { utilityProcess } from 'electron';
import { EventEmitter } from 'node:events';
import { StderrTail } from '../core/pool/spawner';
import type { Spawner, WorkerExit, WorkerHandle } from '../core/pool/spawner';

/** Starts pool workers as Electron utility processes, each named (`serviceName`) in process metrics. */
export function createUtilityProcessSpawner(): Spawner {
  return {
    spawn({ script, name, execArgv, env }): WorkerHandle {
      const child = utilityProcess.fork(script, [], {
        serviceName: name,
        execArgv,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'inherit', 'pipe'],
      });
      const events = new EventEmitter();
      const stderr = new StderrTail();
      child.stderr?.on('data', (data: Buffer) => {
        stderr.push(data);
        process.stderr.write(data);
      });
      child.on('message', (message) => events.emit('message', message));
      let exited = false;
      child.once('exit', (code) => {
        exited = true;
        const exit: WorkerExit = { code, signal: null, outOfMemory: stderr.outOfMemory, stderrTail: stderr.toString() };
        events.emit('exit', exit);
      });
      return {
        get pid() {
          return child.pid;
        },
        postMessage(message) {
          // Posting to an exited process throws; its exit is reported through 'exit' instead.
          if (!exited) child.postMessage(message);
        },
        on(event: 'message' | 'exit', listener: (arg: never) => void) {
          events.on(event, listener as (arg: unknown) => void);
        },
        kill: () => void child.kill(),
      };
    },
  };
}

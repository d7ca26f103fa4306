import type { FromWorker, ToWorker } from '../core/pool/protocol';

/** The link to the pool: Electron's `process.parentPort` in a utility process, Node's IPC channel in a forked child. */
export interface ParentPort {
  send(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentPort {
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      send: (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data as ToWorker)),
    };
  }
  if (process.send) {
    // A worker whose parent has gone has nothing left to do.
    process.on('disconnect', () => process.exit(0));
    return {
      send: (message) => void process.send?.(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
    };
  }
  throw new Error('the worker must be started by the process pool (child_process.fork or utilityProcess.fork)');
}

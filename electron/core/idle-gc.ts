import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Returns a function to call as each piece of this thread's work ends: once the thread has then
 * been idle for `idleMs`, it collects its heap in full, once, until more work comes.
 *
 * For the SQL threads. Their V8 heaps stay small (5-10 MB), so V8 seldom runs a full GC in them,
 * yet what they leave for it holds native memory: over a soak of import / search / delete cycles
 * the process's memory outside the main heap crept ~1 MB per 20 cycles (not the threads' heaps nor
 * their ArrayBuffers, which stayed flat), and stopped creeping when each thread ran a full GC
 * every 10 s. Run when idle, the collection (5-15 ms) delays no caller but the rare one that
 * arrives during it.
 */
export function collectWhenIdle(idleMs: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) timer.refresh();
    else timer = setTimeout(collectGarbage, idleMs).unref();
  };
}

let gc: (() => void) | undefined;

/** A full GC of this thread's heap, now. */
export function collectGarbage(): void {
  gc ??= exposedGc();
  gc();
}

/**
 * V8's `gc()` without `--expose-gc` on the command line (a packaged Electron process takes no V8
 * flags): the flag is read as a context is created. It stays set, process-wide: putting it back
 * raced with a thread starting beside this one, whose context then had no `gc`.
 */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

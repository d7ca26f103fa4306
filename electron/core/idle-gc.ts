import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Returns a function to call as each piece of this thread's work ends: once the thread has then
 * been idle for `idleMs`, it collects its heap in full, then calls `afterCollecting`, once, until
 * more work comes.
 *
 * For the SQL threads. Their V8 heaps stay small (5-10 MB), so V8 seldom runs a full GC in them,
 * yet what they leave for it holds native memory: better-sqlite3 frees a statement's native
 * objects only when its JS object is collected. Without such collections, the process's memory
 * outside the main heap crept ~1 MB per 20 soak cycles between thread renewals. Run when idle,
 * the collection (20-80 ms measured beside two other soaks) delays no caller but one that
 * arrives during it.
 */
export function collectWhenIdle(idleMs: number, afterCollecting?: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const collect = () => {
    collectGarbage();
    afterCollecting?.();
  };
  return () => {
    if (timer) timer.refresh();
    else timer = setTimeout(collect, idleMs).unref();
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

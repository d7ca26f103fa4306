import type { DebugResult, DebugTask } from '../core/pool/protocol';

/** Real faults for the pool's tests: only reachable when the parent set SKR_WORKER_TEST_HOOKS=1. */
export async function runDebugTask(task: DebugTask): Promise<DebugResult> {
  switch (task.kind) {
    case 'debug.crash':
      process.exit(70);
      break;
    case 'debug.hang':
      // Blocks the event loop for good, as a runaway parser would: only a kill ends it.
      for (;;) Date.now();
    case 'debug.oom': {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i + hoard.length));
    }
    case 'debug.sleep':
      await new Promise((resolve) => setTimeout(resolve, task.ms));
      break;
  }
  return { kind: 'debug', pid: process.pid };
}

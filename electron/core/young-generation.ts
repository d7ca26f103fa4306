import { setFlagsFromString } from 'node:v8';

/**
 * Holds the young generation of the process that runs the core at the size it has when the core
 * opens (8 MB of new space once the app's packages have loaded). An import passes every passage's
 * text through this process, and under that allocation rate V8 grew the new space to 32 MB: most
 * of the main process's growth during an import (peak 154 → 122 MB on the 5,000-file benchmark,
 * for 2-3 % more main CPU). Workers get `--max-semi-space-size` on their command line; a packaged
 * Electron main process takes no V8 flags, hence a runtime flag, which stops growth but never
 * shrinks the space. V8 puts it back to its default whenever an isolate is
 * created (`Heap::ConfigureHeap`): it is set when the core opens and again by each SQL thread as
 * it starts, and the main thread waits for that when an SQL thread is renewed in the middle of the
 * app's work (see SqlPool.spawn).
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

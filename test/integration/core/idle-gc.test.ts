import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { collectWhenIdle } from '../../../electron/core/idle-gc';

type GcEntry = PerformanceEntry & { detail: { kind: number; flags: number } };

// Full GCs run through gc() are the forced ones: V8 may collect on its own meanwhile.
const forcedFullGcs: PerformanceEntry[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const { kind, flags } = (entry as GcEntry).detail;
    if (
      kind === constants.NODE_PERFORMANCE_GC_MAJOR &&
      flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED
    )
      forcedFullGcs.push(entry);
  }
});
observer.observe({ entryTypes: ['gc'] });
afterEach(() => {
  forcedFullGcs.length = 0;
});

it('collects in full once the thread has been idle for the given time after work, and once only', async () => {
  let afterCollecting = 0;
  const workDone = collectWhenIdle(300, () => afterCollecting++);
  workDone();
  await sleep(150);
  workDone(); // more work: the idle time starts over
  await sleep(200);
  expect(forcedFullGcs).toHaveLength(0);
  await sleep(250);
  expect(forcedFullGcs).toHaveLength(1);
  await sleep(600);
  expect(forcedFullGcs).toHaveLength(1);
  expect(afterCollecting).toBe(1);
  workDone();
  await sleep(500);
  expect(forcedFullGcs).toHaveLength(2);
  expect(afterCollecting).toBe(2);
});

it('collects nothing before any work', async () => {
  collectWhenIdle(50);
  await sleep(200);
  expect(forcedFullGcs).toHaveLength(0);
});

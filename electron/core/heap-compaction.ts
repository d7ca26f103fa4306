import { setFlagsFromString } from 'node:v8';

/**
 * Makes every full GC in this process compact the heap it collects: the core's and its SQL
 * threads'. By default V8 moves objects only off pages at least 70 % free, and only when that gives
 * a whole page back; the core's objects live from one call to a whole import and die scattered,
 * leaving pages less empty than that. Traced over a soak, its full GCs never compacted, and the
 * main isolate's old and code spaces grew to 13 and 3 MB of pages for 9 and 1.5 MB of objects,
 * most of the soak's memory growth; with the flag they stay within 0.6 MB of their objects. The
 * cost is a copy of what lives (some 10 MB) per full GC, which are rare outside a soak's forced
 * ones: the load benchmark's search and event-loop figures did not move. The flag is
 * process-wide and, unlike the young-generation one, outlives the creation of isolates.
 */
export function compactOnEveryFullGc(): void {
  setFlagsFromString('--compact-on-every-full-gc');
}

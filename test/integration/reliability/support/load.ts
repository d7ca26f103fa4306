import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCore } from '../../../../electron/core/app-core';
import { quantile } from './stats';
import { randomQuery, writeTextCorpus } from './text-corpus';

const LOOP_RESOLUTION_MS = 10;
/** Node's histogram records whole timer periods: the resolution is taken off, so an idle loop reads ~0. */
const loopDelayMs = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);

export interface LoadOptions {
  files: number;
  seconds: number;
  searchesPerSecond: number;
  /** The built dist/ folder. */
  distDir: string;
  log?: (message: string) => void;
}

export interface LoadFigures {
  files: number;
  seconds: number;
  searches: number;
  /** Searches answered with an error envelope, other than `cancelled`. */
  errors: number;
  /**
   * Searches cancelled because a newer one arrived before they got a reader: search-as-you-type
   * supersedes the previous query, for every caller of the process at once (see the report).
   */
  superseded: number;
  errorSamples: string[];
  searchP50Ms: number;
  searchP99Ms: number;
  searchMaxMs: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Documents imported while the searches ran, and the import's total time. */
  importedDuringSearches: number;
  importMs: number;
  imported: number;
  importFailed: number;
}

/**
 * Imports `files` generated text files through the router of a real core (real worker processes,
 * real SQLite threads) while searching `searchesPerSecond` times a second for `seconds`, and
 * measures each search's latency and the main event loop's delay meanwhile.
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const log = options.log ?? (() => {});
  const root = mkdtempSync(path.join(os.tmpdir(), 'skr-load-'));
  try {
    const src = path.join(root, 'source');
    await writeTextCorpus(src, options.files, { tag: 'load' });
    log(`wrote ${options.files} files`);
    const core = await openCore({
      libraryDir: path.join(root, 'library'),
      role: 'host',
      distDir: options.distDir,
      appVersion: 'bench',
      log: () => {},
    });
    try {
      const ctx = { transport: 'browser' as const };
      const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      const started = performance.now();
      const startedEnvelope = await core.router.invoke('import.start', { paths: [src] }, ctx);
      if (!startedEnvelope.ok)
        throw new Error(`import.start failed: ${startedEnvelope.error.message}`);
      const jobId = (startedEnvelope.value as { jobId: string }).jobId;
      let importMs = Number.NaN;
      const finished = core.ingest.whenFinished(jobId).then((summary) => {
        importMs = performance.now() - started;
        return summary;
      });

      delay.enable();
      const latencies: number[] = [];
      const errorSamples: string[] = [];
      let errors = 0;
      let superseded = 0;
      const inFlight = new Set<Promise<void>>();
      const interval = 1000 / options.searchesPerSecond;
      const until = started + options.seconds * 1000;
      for (let next = performance.now(); next < until; next += interval) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sent = performance.now();
        const call = core.router
          .invoke('search.query', { query: randomQuery(), limit: 20 }, ctx)
          .then((envelope) => {
            latencies.push(performance.now() - sent);
            if (!envelope.ok && envelope.error.code === 'cancelled') superseded++;
            else if (!envelope.ok) {
              errors++;
              if (errorSamples.length < 5)
                errorSamples.push(`${envelope.error.code}: ${envelope.error.message}`);
            }
          });
        inFlight.add(call);
        void call.finally(() => inFlight.delete(call));
      }
      await Promise.all(inFlight);
      delay.disable();
      const importedDuringSearches = (await core.library.stats()).documents;
      const summary = await finished;
      log(`import finished in ${(importMs / 1000).toFixed(1)} s`);
      return {
        files: options.files,
        seconds: options.seconds,
        searches: latencies.length,
        errors,
        superseded,
        errorSamples,
        searchP50Ms: quantile(latencies, 0.5),
        searchP99Ms: quantile(latencies, 0.99),
        searchMaxMs: Math.max(...latencies),
        loopDelayP50Ms: loopDelayMs(delay.percentile(50)),
        loopDelayP99Ms: loopDelayMs(delay.percentile(99)),
        loopDelayMaxMs: loopDelayMs(delay.max),
        importedDuringSearches,
        importMs,
        imported: summary.imported,
        importFailed: summary.failed.length,
      };
    } finally {
      await core.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { openCore, type Core } from '../../../../electron/core/app-core';
import { openFds, rssBytes } from './process-tree';
import { ColumnTable, growthPercentPerHour, quantile } from './stats';
import { randomQuery, writeTextCorpus } from './text-corpus';

export interface SoakOptions {
  durationMs: number;
  filesPerCycle: number;
  /** The built dist/ folder. */
  distDir: string;
  /** RSS sampling interval for the growth slope. */
  sampleMs?: number;
  /**
   * Cycles start this far apart (one that overruns starts the next at once), so that the memory in
   * flight does not follow how fast a busy machine lets the cycles run. Default: back to back.
   */
  periodMs?: number;
  /**
   * Share of the run left out of the growth slope while caches fill (SQLite's page caches, V8's
   * heaps): a leak keeps growing after it, a warm-up does not. Default 0.2; the first cycle always.
   */
  warmupShare?: number;
  log?: (message: string) => void;
}

export interface SoakCycle {
  cycle: number;
  /** Whether the cycle ended within the warm-up share of the run. */
  warmup: boolean;
  ms: number;
  imported: number;
  deleted: number;
  fds: number;
  /**
   * SQL threads renewed during the cycle (see SqlPool). A fresh thread's young generation holds a
   * few MB more at its first rest than from its second on (V8 shrinks it only when the thread's
   * allocation rate is low), so these cycles read higher without the process growing.
   */
  renewals: number;
  rssMb: number;
  /** Anonymous memory only: RSS without the pages of mapped files (code, libraries). */
  rssAnonMb: number;
  /** The main isolate's heap and its new space (reserved for it, used or not). */
  heapMb: number;
  newSpaceMb: number;
  /** Of the heap: what its live objects take, and the space of compiled code (JIT warm-up). */
  heapUsedMb: number;
  codeSpaceMb: number;
  blobBytes: number;
}

/** SoakCycle's fields, kept as columns during the run (see ColumnTable); `warmup` as 0 or 1. */
const CYCLE_FIELDS = [
  'cycle',
  'warmup',
  'ms',
  'imported',
  'deleted',
  'fds',
  'renewals',
  'rssMb',
  'rssAnonMb',
  'heapMb',
  'newSpaceMb',
  'heapUsedMb',
  'codeSpaceMb',
  'blobBytes',
] as const satisfies ReadonlyArray<keyof SoakCycle>;

export interface SoakFigures {
  cycles: SoakCycle[];
  errors: string[];
  /** Main-process RSS growth over the run after the warm-up, % of its mean per hour. */
  rssGrowthPercentPerHour: number;
  /**
   * The same over the RSS read at the end of each cycle after the warm-up (with `periodMs`, at rest
   * as the next cycle is due) that renewed no SQL thread: what the process keeps, without the
   * memory of work in flight. The renewal cycles (one in five or six at the soak's pace, the
   * threads renewing together; 4-6 MB higher) moved a 30-minute fit by up to ±0.8 %/h depending on
   * where they fell at its two ends.
   */
  settledRssGrowthPercentPerHour: number;
  /** The same over the renewal cycles alone, and how much higher they read (medians; NaN: none). */
  renewalRssGrowthPercentPerHour: number;
  renewalExcessMb: number;
  rssStartMb: number;
  rssEndMb: number;
  /**
   * Open fds after the first cycle past the warm-up, and the largest deviation from it after any
   * later cycle. The warm-up includes the first SQL thread renewals: SQLite keeps a closed
   * connection's files open while other connections of the process hold locks on them, a
   * bounded few more handles (see SqlPool).
   */
  fdBaseline: number;
  fdMaxDeviation: number;
  /** Database bytes after VACUUM: on the fresh library, and after every cycle's documents were deleted. */
  dbBaselineBytes: number;
  dbFinalBytes: number;
  /** Bytes left in the blob store after everything was deleted (should be 0). */
  blobBytesLeft: number;
}

function vacuumedSize(libraryDir: string): number {
  const file = path.join(libraryDir, 'library.db');
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return statSync(file).size;
}

function blobBytes(libraryDir: string): number {
  let total = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else total += statSync(full).size;
    }
  };
  try {
    visit(path.join(libraryDir, 'blobs'));
  } catch {
    return 0;
  }
  return total;
}

const medianY = (points: ReadonlyArray<{ y: number }>) =>
  quantile(
    points.map((p) => p.y),
    0.5,
  );

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** The main isolate's heap spaces in MB (see SoakCycle). */
function heapFigures(): Pick<SoakCycle, 'heapMb' | 'newSpaceMb' | 'heapUsedMb' | 'codeSpaceMb'> {
  const spaces = getHeapSpaceStatistics();
  const sizeOf = (name: string) =>
    spaces.find((space) => space.space_name === name)?.space_size ?? 0;
  return {
    heapMb: mb(spaces.reduce((sum, space) => sum + space.space_size, 0)),
    newSpaceMb: mb(sizeOf('new_space')),
    heapUsedMb: mb(spaces.reduce((sum, space) => sum + space.space_used_size, 0)),
    codeSpaceMb: mb(sizeOf('code_space')),
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Open fds once the cycle has settled: the median of three readings 150 ms apart, so an SQL thread
 * caught in the middle of its renewal (its connection closed, the fresh one not yet open) does not
 * read as handles lost.
 */
async function settledFds(): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i) await new Promise((resolve) => setTimeout(resolve, 150));
    readings.push(openFds(process.pid));
  }
  return readings.sort((a, b) => a - b)[1]!;
}

/**
 * Import / search / delete cycles against a real core for `durationMs`: each cycle imports a fresh
 * folder of text files, searches it, deletes every document through the contract and removes the
 * folder. Tracks RSS, open fds, the blob store and (after VACUUM) the database size.
 */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const log = options.log ?? (() => {});
  const root = mkdtempSync(path.join(os.tmpdir(), 'skr-soak-'));
  const libraryDir = path.join(root, 'library');
  const open = () =>
    openCore({
      libraryDir,
      role: 'host',
      distDir: options.distDir,
      appVersion: 'soak',
      log: () => {},
    });
  const ctx = { transport: 'browser' as const };
  try {
    let core: Core = await open();
    await core.close();
    const dbBaselineBytes = vacuumedSize(libraryDir);
    core = await open();

    const errors: string[] = [];
    const cycleTable = new ColumnTable(CYCLE_FIELDS, 1024);
    const sampleMs = options.sampleMs ?? 1000;
    const series = (capacity: number) => new ColumnTable(['x', 'y'], capacity);
    const rss = series(Math.ceil(options.durationMs / sampleMs) + 600);
    const settledRss = series(1024);
    const renewalRss = series(1024);
    const renewalsSoFar = () => core.library.readerPoolStats().renewals;
    let warm = false;
    const started = performance.now();
    const warmupEnds = started + options.durationMs * (options.warmupShare ?? 0.2);
    const sampler = setInterval(() => {
      const now = performance.now();
      if (warm && now >= warmupEnds) rss.push({ x: now, y: rssBytes(process.pid) ?? 0 });
    }, sampleMs);
    try {
      for (
        let cycle = 0;
        cycle === 0 || performance.now() - started < options.durationMs;
        cycle++
      ) {
        const cycleStarted = performance.now();
        const renewalsBefore = renewalsSoFar();
        const src = path.join(root, `cycle-${cycle}`);
        await writeTextCorpus(src, options.filesPerCycle, { tag: `soak${cycle}`, seed: cycle + 1 });
        const startedImport = await core.router.invoke('import.start', { paths: [src] }, ctx);
        if (!startedImport.ok) throw new Error(startedImport.error.message);
        const summary = await core.ingest.whenFinished(
          (startedImport.value as { jobId: string }).jobId,
        );
        if (summary.failed.length)
          errors.push(
            `cycle ${cycle}: ${summary.failed.length} failed, e.g. ${summary.failed[0]!.reason}`,
          );
        for (let i = 0; i < 10; i++) {
          const found = await core.router.invoke('search.query', { query: randomQuery() }, ctx);
          if (!found.ok)
            errors.push(`cycle ${cycle}: search ${found.error.code}: ${found.error.message}`);
        }
        let deleted = 0;
        for (;;) {
          const page = await core.router.invoke('documents.list', { limit: 500 }, ctx);
          if (!page.ok) throw new Error(page.error.message);
          const ids = (page.value as { items: Array<{ id: number }> }).items.map((d) => d.id);
          if (ids.length === 0) break;
          const removed = await core.router.invoke('documents.delete', { ids }, ctx);
          if (!removed.ok) throw new Error(removed.error.message);
          deleted += ids.length;
        }
        rmSync(src, { recursive: true, force: true });
        const ms = Math.round(performance.now() - cycleStarted);
        await new Promise((resolve) =>
          setTimeout(resolve, cycleStarted + (options.periodMs ?? 0) - performance.now()),
        );
        gc?.();
        const figures: SoakCycle = {
          cycle,
          warmup: cycle === 0 || performance.now() < warmupEnds,
          ms,
          imported: summary.imported,
          deleted,
          fds: await settledFds(),
          renewals: renewalsSoFar() - renewalsBefore,
          rssMb: mb(rssBytes(process.pid) ?? 0),
          rssAnonMb: mb(rssBytes(process.pid, 'RssAnon') ?? 0),
          ...heapFigures(),
          blobBytes: blobBytes(libraryDir),
        };
        cycleTable.push({ ...figures, warmup: figures.warmup ? 1 : 0 });
        if (!figures.warmup)
          (figures.renewals ? renewalRss : settledRss).push({
            x: performance.now(),
            y: figures.rssMb,
          });
        log(JSON.stringify(figures));
        warm = true;
      }
      // The app left idle after the last cycle: its index upkeep runs (here at once, not in 3 s).
      await core.library.settleIndex();
    } finally {
      clearInterval(sampler);
      await core.close();
    }
    const cycles: SoakCycle[] = cycleTable.rows().map((c) => ({ ...c, warmup: c.warmup === 1 }));
    const steady = cycles.filter((c) => !c.warmup);
    const fdBaseline = (steady[0] ?? cycles.at(-1)!).fds;
    const later = steady.slice(1);
    const sampled = rss.rows();
    const settled = settledRss.rows();
    const renewal = renewalRss.rows();
    return {
      cycles,
      errors,
      rssGrowthPercentPerHour: growthPercentPerHour(sampled),
      settledRssGrowthPercentPerHour: growthPercentPerHour(settled),
      renewalRssGrowthPercentPerHour: growthPercentPerHour(renewal),
      renewalExcessMb: Math.round((medianY(renewal) - medianY(settled)) * 10) / 10,
      rssStartMb: Math.round((sampled[0]?.y ?? 0) / 1048576),
      rssEndMb: Math.round((sampled.at(-1)?.y ?? 0) / 1048576),
      fdBaseline,
      fdMaxDeviation: Math.max(0, ...later.map((c) => Math.abs(c.fds - fdBaseline))),
      dbBaselineBytes,
      dbFinalBytes: vacuumedSize(libraryDir),
      blobBytesLeft: blobBytes(libraryDir),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

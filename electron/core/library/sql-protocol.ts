import type { ErrorBody } from '../../../shared/envelope';
import type { Ranking } from './connection';

/** What each SQL thread is told at start (worker_threads `workerData`). */
export interface SqlThreadData {
  file: string;
  role: 'writer' | 'reader';
  nativeBinding?: string;
  /**
   * The ranking extension, without its suffix (see loadRanker): readers rank with it, and every
   * thread gives free malloc pages back with it (see memoryReleaser).
   */
  ranker?: string;
  /** Set to 1 (and notified) by the thread once it has re-set the young-generation flag. */
  started?: Int32Array;
}

export interface SqlRequest {
  id: number;
  op: string;
  args: unknown[];
}

/** Asks an idle thread to collect its garbage, close its connection and end (see SqlPool.retire). */
export interface SqlRetire {
  retire: true;
}

export type SqlReply =
  | {
      kind: 'ready';
      sqliteVersion: string;
      /** Readers only. */
      ranking?: Ranking;
    }
  | { kind: 'fatal'; message: string }
  | { kind: 'result'; id: number; ok: true; value: unknown; ms: number }
  | { kind: 'result'; id: number; ok: false; error: ErrorBody; ms: number };

import type { ErrorBody } from '../../../shared/envelope';

/** What each SQL thread is told at start (worker_threads `workerData`). */
export interface SqlThreadData {
  file: string;
  role: 'writer' | 'reader';
  nativeBinding?: string;
}

export interface SqlRequest {
  id: number;
  op: string;
  args: unknown[];
}

export type SqlReply =
  | { kind: 'ready'; sqliteVersion: string }
  | { kind: 'fatal'; message: string }
  | { kind: 'result'; id: number; ok: true; value: unknown; ms: number }
  | { kind: 'result'; id: number; ok: false; error: ErrorBody; ms: number };

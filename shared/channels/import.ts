import { z } from 'zod';
import { NoInput } from './app';

/** Why a file was not imported, as a code the UI can translate; `message` carries the detail. */
export const ImportFailureReason = z.enum([
  'unsupported',
  'corrupt',
  'too_large',
  'unreadable',
  'vanished',
  'changed',
  'timeout',
  'disk_full',
  'crashed',
  'out_of_memory',
  'cancelled',
]);
export type ImportFailureReason = z.infer<typeof ImportFailureReason>;

/** Entries the walker passes over on purpose (nothing the user can fix by retrying). */
export const ImportSkipReason = z.enum(['symlink_loop', 'dangling_link', 'special_file', 'empty']);
export type ImportSkipReason = z.infer<typeof ImportSkipReason>;

export const ImportFailure = z.object({ path: z.string(), reason: ImportFailureReason, message: z.string() });
export type ImportFailure = z.infer<typeof ImportFailure>;

export const ImportSkip = z.object({ path: z.string(), reason: ImportSkipReason });
export type ImportSkip = z.infer<typeof ImportSkip>;

export const ImportJobState = z.enum(['queued', 'running', 'completed', 'cancelled', 'failed']);
export type ImportJobState = z.infer<typeof ImportJobState>;

export const ImportProgress = z.object({
  jobId: z.string(),
  state: ImportJobState,
  /** Files seen so far; grows while the walk goes on (`walking`). */
  filesTotal: z.number().int().nonnegative(),
  filesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  bytesDone: z.number().nonnegative(),
  walking: z.boolean(),
  currentFile: z.string().nullable(),
  /** Bytes per second over the last few seconds. */
  bytesPerSecond: z.number().nonnegative(),
  filesPerSecond: z.number().nonnegative(),
  /** Seconds left at the current rate, null while unknown (still walking, or no rate yet). */
  etaSeconds: z.number().nonnegative().nullable(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ImportSummary = z.object({
  jobId: z.string(),
  state: ImportJobState,
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  failed: z.array(ImportFailure),
  skipped: z.array(ImportSkip),
  /** Failures and skips beyond the lists' caps, counted only. */
  omitted: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  ms: z.number().nonnegative(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportJob = z.object({
  id: z.string(),
  source: z.enum(['paths', 'upload']),
  /** The dropped paths (absolute), empty for uploads. */
  paths: z.array(z.string()),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  progress: ImportProgress,
  failed: z.array(ImportFailure),
  skipped: z.array(ImportSkip),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const ImportedDocument = z.object({
  jobId: z.string(),
  id: z.number().int().positive(),
  title: z.string(),
  kind: z.string(),
  path: z.string().nullable(),
});
export type ImportedDocument = z.infer<typeof ImportedDocument>;

const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path may not contain NUL')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'paths must be absolute');

const JobId = z.object({ jobId: z.string().min(1).max(100) });

export const importChannels = {
  'import.start': {
    input: z.object({ paths: z.array(AbsolutePath).min(1).max(10_000) }).strict(),
    output: z.object({ jobId: z.string() }),
  },
  'import.cancel': { input: JobId.strict(), output: z.object({ cancelled: z.boolean() }) },
  /** Starts a new job with the failed files of a finished one (those a retry may fix). */
  'import.retryFailed': { input: JobId.strict(), output: z.object({ jobId: z.string().nullable() }) },
  'import.jobs': { input: NoInput, output: z.array(ImportJob) },
};

export const importEvents = {
  'import.progress': ImportProgress,
  'import.document': ImportedDocument,
  'import.finished': ImportSummary,
};

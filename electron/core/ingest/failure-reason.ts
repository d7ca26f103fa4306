import type { ImportFailureReason } from '../../../shared/channels/import';
import { AppError } from '../api/app-error';
import { isTaskFailure } from '../pool/task-failure';

/** A per-file failure of the import, with its reason code and a message for people. */
export class ImportError extends Error {
  constructor(
    readonly reason: ImportFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const VANISHED = new Set(['ENOENT', 'ENOTDIR']);

export function reasonOfFsError(error: unknown): ImportFailureReason {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && DISK_FULL.has(code)) return 'disk_full';
  if (code && VANISHED.has(code)) return 'vanished';
  return 'unreadable';
}

export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (reasonOfFsError(error)) {
    case 'disk_full':
      return 'the disk holding the library is full';
    case 'vanished':
      return 'the file is no longer there';
    default:
      return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String(e?.message ?? error);
  }
}

/** Maps anything a file's import threw to a reason and a message. */
export function toImportFailure(error: unknown): { reason: ImportFailureReason; message: string } {
  if (error instanceof ImportError) return { reason: error.reason, message: error.message };
  if (isTaskFailure(error)) return { reason: error.reason, message: error.message };
  if (error instanceof AppError && error.code === 'disk_full') return { reason: 'disk_full', message: error.message };
  if ((error as NodeJS.ErrnoException | undefined)?.code) return { reason: reasonOfFsError(error), message: describeFsError(error) };
  return { reason: 'corrupt', message: error instanceof Error ? error.message : String(error) };
}

import type { FailureReason } from '../core/pool/protocol';

/** A per-file failure with its reason code; anything else thrown while extracting is mapped by `toFailure`. */
export class ExtractError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}

const UNREADABLE = new Set(['EACCES', 'EPERM', 'EISDIR', 'EIO', 'ELOOP', 'ENAMETOOLONG', 'EMFILE', 'ENFILE', 'ENOTDIR']);

export function toFailure(error: unknown): { reason: FailureReason; message: string } {
  if (error instanceof ExtractError) return { reason: error.reason, message: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') return { reason: 'vanished', message: 'the file is no longer there' };
  if (code && UNREADABLE.has(code)) return { reason: 'unreadable', message };
  if (error instanceof RangeError && /allocation failed|Invalid (string|array) length/i.test(message)) {
    return { reason: 'too_large', message };
  }
  return { reason: 'corrupt', message };
}

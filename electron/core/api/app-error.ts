import type { ErrorCode } from '../../../shared/envelope';

/** Throw this from a handler to send a specific code and message across the boundary. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

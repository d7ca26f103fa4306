import { AppError } from '../api/app-error';

/** Cursors are opaque to clients: a base64url offset into a stable ordering. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match)
    throw new AppError('invalid_input', 'The cursor is not valid; start again from the first page');
  return Number(match[1]);
}

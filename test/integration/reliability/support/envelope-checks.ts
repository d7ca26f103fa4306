import path from 'node:path';
import type { Envelope, ErrorCode } from '../../../../shared/envelope';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** Errors a caller may get for bad input or a missing row; anything else is a bug. */
export const EXPECTED_ERROR_CODES: ReadonlySet<ErrorCode> = new Set([
  'invalid_input',
  'not_found',
  'query_error',
  'conflict',
  'unknown_channel',
]);

/** What an error message must never carry across a transport: stack frames or our source paths. */
export function leakIn(message: string): string | null {
  if (/\n\s*at\s/.test(message) || /^\s*at\s+\S+\s+\(/m.test(message)) return 'a stack frame';
  if (message.includes(ROOT)) return 'the source folder';
  if (/\b(electron|shared|renderer|node_modules)\/[\w./-]+\.(ts|tsx|mjs|js)\b/.test(message))
    return 'a source file path';
  if (/\bSQLITE_[A-Z]+\b|\bsqlite3?_/i.test(message)) return 'an SQLite error';
  return null;
}

/** Describes what is wrong with an envelope for the fuzzers' failure messages, or null when fine. */
export function envelopeProblem(envelope: Envelope<unknown> | undefined): string | null {
  if (!envelope || typeof envelope !== 'object') return `not an envelope: ${String(envelope)}`;
  if (envelope.ok) return null;
  const { code, message } = envelope.error;
  if (!EXPECTED_ERROR_CODES.has(code)) return `unexpected error code ${code}: ${message}`;
  const leak = leakIn(message);
  return leak ? `${code} message leaks ${leak}: ${message}` : null;
}

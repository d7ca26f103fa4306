import { z } from 'zod';

/** Every error that crosses a transport carries one of these codes and a human message, never a stack. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_channel',
  'not_found',
  'query_error',
  'conflict',
  'cancelled',
  'timeout',
  'unavailable',
  'disk_full',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({ code: ErrorCode, message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

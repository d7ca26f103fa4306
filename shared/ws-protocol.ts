import { z } from 'zod';
import { EnvelopeSchema } from './envelope';

/** Browser mode: the messages the renderer's WebSocket client and the host exchange. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: z.number().int().nonnegative(), channel: z.string().max(100), input: z.unknown().optional() }),
  z.object({ type: z.literal('cancel'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('subscribe'), event: z.string().max(100) }),
  z.object({ type: z.literal('unsubscribe'), event: z.string().max(100) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), envelope: EnvelopeSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const WS_PATH = '/ws';
/** Largest message either side accepts; large data never crosses the transport. */
export const WS_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

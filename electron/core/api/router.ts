import { z } from 'zod';
import {
  channels,
  isChannelName,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
} from '../../../shared/contract';
import type { Envelope, ErrorBody } from '../../../shared/envelope';
import type { Transport } from '../../../shared/channels/app';
import { AppError } from './app-error';
import { CallStats } from './call-stats';
import type { EventHub } from './event-hub';

export interface CallContext {
  transport: Transport;
  /** Who is calling (a window, a socket): a newer search cancels only the same caller's older one. */
  client?: string;
  /** Lets a handler stop work that a newer call made stale (search as you type). */
  signal?: AbortSignal;
}

export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  ctx: CallContext,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export interface RouterOptions {
  events: EventHub;
  /** A call whose RSS or heap grows by more than this raises a `resource.warning` event. */
  memoryWarningBytes?: number;
  /** Check handlers' outputs against the contract too (on in tests; costs a parse per call). */
  validateOutput?: boolean;
  log?: (message: string) => void;
}

export const DEFAULT_MEMORY_WARNING_BYTES = 50 * 1024 * 1024;

/** Names the offending field, e.g. `limit: Too big: expected number to be <=100`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

function toErrorBody(error: unknown, channel: string, log: (m: string) => void): ErrorBody {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof z.ZodError) return { code: 'invalid_input', message: describeZodError(error) };
  log(`[router] ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'internal', message: `${channel} failed unexpectedly; see the app log` };
}

/**
 * The one implementation of the contract. Every call goes through the same middleware:
 * validation of the input, timing, the memory delta of the call and per-channel counters.
 */
export class Router {
  readonly stats = new CallStats();
  private readonly memoryWarningBytes: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly handlers: Handlers,
    private readonly options: RouterOptions,
  ) {
    this.memoryWarningBytes = options.memoryWarningBytes ?? DEFAULT_MEMORY_WARNING_BYTES;
    this.log = options.log ?? ((m) => console.error(m));
  }

  async invoke(channel: unknown, rawInput: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (!isChannelName(channel)) {
      const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
      return { ok: false, error: { code: 'unknown_channel', message: `No such channel: ${name}` } };
    }
    const spec = channels[channel];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      this.stats.record(channel, 0, false, 0);
      return { ok: false, error: { code: 'invalid_input', message: describeZodError(parsed.error) } };
    }

    const before = process.memoryUsage();
    const started = performance.now();
    let envelope: Envelope<unknown>;
    try {
      const handler = this.handlers[channel] as Handler<ChannelName>;
      let value: unknown = await handler(parsed.data as never, ctx);
      if (this.options.validateOutput) value = spec.output.parse(value);
      envelope = { ok: true, value };
    } catch (error) {
      envelope = { ok: false, error: toErrorBody(error, channel, this.log) };
    }
    const durationMs = performance.now() - started;
    const after = process.memoryUsage();
    const rssDelta = after.rss - before.rss;
    const heapDelta = after.heapUsed - before.heapUsed;
    const delta = Math.max(rssDelta, heapDelta);
    this.stats.record(channel, durationMs, envelope.ok, delta);
    if (delta > this.memoryWarningBytes) {
      this.options.events.emit('resource.warning', {
        kind: 'call_memory_delta',
        channel,
        rssDeltaBytes: rssDelta,
        heapDeltaBytes: heapDelta,
        thresholdBytes: this.memoryWarningBytes,
        at: Date.now(),
      });
    }
    return envelope;
  }
}

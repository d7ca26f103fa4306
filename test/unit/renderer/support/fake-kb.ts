import { channels, type ChannelName, type EventName, type EventPayload, type KbClient } from '../../../../shared/contract';
import type { Envelope, ErrorCode } from '../../../../shared/envelope';

type Handler = (input: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export class FakeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The renderer's transport, in memory: answers each channel from a handler the test sets, and
 * checks inputs and outputs against the contract's schemas, so the fake cannot drift from it.
 */
export class FakeKb implements KbClient {
  handlers = new Map<ChannelName, Handler>();
  calls: { channel: ChannelName; input: unknown }[] = [];
  private listeners = new Map<string, Set<(payload: unknown) => void>>();

  on(channel: ChannelName, handler: Handler): this {
    this.handlers.set(channel, handler);
    return this;
  }

  callsOf(channel: ChannelName): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.input);
  }

  reset(): void {
    this.handlers.clear();
    this.calls = [];
  }

  async invoke(channel: ChannelName, input?: unknown): Promise<Envelope<never>> {
    this.calls.push({ channel, input });
    const spec = channels[channel];
    const parsedInput = spec.input.safeParse(input);
    if (!parsedInput.success) return { ok: false, error: { code: 'invalid_input', message: parsedInput.error.message } };
    const handler = this.handlers.get(channel);
    if (!handler) return { ok: false, error: { code: 'unavailable', message: `no fake for ${channel}` } };
    try {
      const value = spec.output.parse(await handler(parsedInput.data));
      return { ok: true, value: value as never };
    } catch (error) {
      const code = error instanceof FakeError ? error.code : 'internal';
      return { ok: false, error: { code, message: (error as Error).message } };
    }
  }

  subscribe<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(handler as (payload: unknown) => void);
    return () => set.delete(handler as (payload: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const handler of this.listeners.get(event) ?? []) handler(payload);
  }
}

/** Installed before renderer/api/kb.ts loads: import this module first in a test file. */
export const fakeKb = new FakeKb();
window.kb = fakeKb;

/** jsdom lays nothing out: give elements a size so the virtualized lists render rows. */
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });

/** A deferred promise, for answering calls out of order. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

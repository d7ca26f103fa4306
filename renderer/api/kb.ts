import type { ChannelInput, ChannelName, ChannelOutput, KbClient } from '../../shared/contract';
import type { ErrorBody } from '../../shared/envelope';
import { createWsClient } from './ws-client';

declare global {
  interface Window {
    kb?: KbClient;
  }
}

export type TransportKind = 'electron' | 'browser';

/** The one way to the core: Electron's preload bridge when present, else the browser-mode socket. */
export const transport: TransportKind = window.kb ? 'electron' : 'browser';
export const kb: KbClient = window.kb ?? createWsClient(window.location);

export class KbError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
    this.name = 'KbError';
  }
}

/** `invoke` that resolves to the value or throws a KbError carrying the envelope's code and message. */
export async function call<C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const envelope = await kb.invoke(channel, input);
  if (!envelope.ok) throw new KbError(envelope.error);
  return envelope.value;
}

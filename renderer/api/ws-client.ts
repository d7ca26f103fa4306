import type { ChannelName, ChannelOutput, EventName, KbClient } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import { ServerMessage, WS_PATH, type ClientMessage } from '../../shared/ws-protocol';

type Pending = (envelope: Envelope<unknown>) => void;

/**
 * Browser mode's `window.kb`: the contract over a WebSocket to `skr serve`. The launch cookie set by
 * the server authorises the socket. Reconnects with backoff and re-subscribes.
 */
export function createWsClient(location: Location): KbClient {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
  const pending = new Map<number, Pending>();
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retryMs = 250;

  const send = (message: ClientMessage) => {
    const text = JSON.stringify(message);
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
    else outbox.push(text);
  };

  function connect(): void {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retryMs = 250;
      for (const event of handlers.keys()) socket.send(JSON.stringify({ type: 'subscribe', event }));
      for (const text of outbox.splice(0)) socket.send(text);
    });
    socket.addEventListener('message', (e) => {
      const parsed = ServerMessage.safeParse(JSON.parse(String(e.data)));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'result') {
        pending.get(message.id)?.(message.envelope as Envelope<unknown>);
        pending.delete(message.id);
      } else if (message.type === 'event') {
        for (const handler of handlers.get(message.event) ?? []) handler(message.payload);
      }
    });
    socket.addEventListener('close', () => {
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'unavailable', message: 'Lost the connection to the app; retrying' } });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    });
  }
  connect();

  return {
    invoke<C extends ChannelName>(channel: C, input?: unknown) {
      const id = nextId++;
      return new Promise<Envelope<ChannelOutput<C>>>((resolve) => {
        pending.set(id, resolve as Pending);
        send({ type: 'invoke', id, channel, input });
      });
    },
    subscribe(event: EventName, handler) {
      let set = handlers.get(event);
      if (!set) {
        handlers.set(event, (set = new Set()));
        send({ type: 'subscribe', event });
      }
      const h = handler as (payload: unknown) => void;
      set.add(h);
      return () => {
        set.delete(h);
        if (set.size === 0) {
          handlers.delete(event);
          send({ type: 'unsubscribe', event });
        }
      };
    },
  };
}

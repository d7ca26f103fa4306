import type { WebSocket } from 'ws';
import { ClientMessage, type ServerMessage } from '../../shared/ws-protocol';
import { isEventName, type EventName } from '../../shared/contract';
import type { Core } from '../core/app-core';

let sockets = 0;

/** Carries the contract over one WebSocket: invokes (with cancel) and event subscriptions. */
export function bindSocket(ws: WebSocket, core: Core, log: (message: string) => void): void {
  const client = `socket-${++sockets}`;
  const subscriptions = new Map<EventName, () => void>();
  const inFlight = new Map<number, AbortController>();
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  ws.on('message', (data, isBinary) => {
    let message: ClientMessage;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      message = ClientMessage.parse(JSON.parse(data.toString()));
    } catch {
      send({ type: 'error', message: 'Malformed message' });
      return;
    }
    switch (message.type) {
      case 'invoke': {
        const controller = new AbortController();
        inFlight.set(message.id, controller);
        void core.router
          .invoke(message.channel, message.input, { transport: 'browser', client, signal: controller.signal })
          .then((envelope) => send({ type: 'result', id: message.id, envelope }))
          .finally(() => inFlight.delete(message.id));
        break;
      }
      case 'cancel':
        inFlight.get(message.id)?.abort();
        break;
      case 'subscribe':
        if (isEventName(message.event) && !subscriptions.has(message.event)) {
          const event = message.event;
          subscriptions.set(event, core.events.subscribe(event, (payload) => send({ type: 'event', event, payload })));
        }
        break;
      case 'unsubscribe':
        if (isEventName(message.event)) {
          subscriptions.get(message.event)?.();
          subscriptions.delete(message.event);
        }
        break;
    }
  });

  ws.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    for (const controller of inFlight.values()) controller.abort();
  });
  ws.on('error', (error) => log(`[ws] ${error.message}`));
}

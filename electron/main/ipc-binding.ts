import { ipcMain, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { isEventName, type EventName } from '../../shared/contract';
import type { Core } from '../core/app-core';
import { isAppUrl } from './app-protocol';

export const IPC = { invoke: 'kb:invoke', subscribe: 'kb:subscribe', unsubscribe: 'kb:unsubscribe', event: 'kb:event' } as const;

/** Only our own top-level page may call the core: a frame from anywhere else is refused. */
function isTrustedSender(frame: WebFrameMain | null): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/** Binds the router to `ipcMain.handle` and forwards subscribed events to each window. */
export function bindIpc(core: Core): void {
  ipcMain.handle(IPC.invoke, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'invalid_input', message: 'Refused: the request did not come from the app' } };
    }
    return core.router.invoke(channel, input, { transport: 'electron', client: `window-${event.sender.id}` });
  });

  const subscriptions = new Map<WebContents, Map<EventName, () => void>>();
  ipcMain.on(IPC.subscribe, (event, name: unknown) => {
    if (!isTrustedSender(event.senderFrame) || !isEventName(name)) return;
    const sender = event.sender;
    let forSender = subscriptions.get(sender);
    if (!forSender) {
      subscriptions.set(sender, (forSender = new Map()));
      sender.once('destroyed', () => {
        for (const unsubscribe of forSender!.values()) unsubscribe();
        subscriptions.delete(sender);
      });
    }
    if (forSender.has(name)) return;
    forSender.set(name, core.events.subscribe(name, (payload) => {
      if (!sender.isDestroyed()) sender.send(IPC.event, name, payload);
    }));
  });
  ipcMain.on(IPC.unsubscribe, (event, name: unknown) => {
    if (!isEventName(name)) return;
    const forSender = subscriptions.get(event.sender);
    forSender?.get(name)?.();
    forSender?.delete(name);
  });
}

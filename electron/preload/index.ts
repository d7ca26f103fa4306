import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { isChannelName, isEventName, type KbClient } from '../../shared/contract';

// Channel names of electron/main/ipc-binding.ts (the preload is bundled alone and imports nothing of main).
const IPC = { invoke: 'kb:invoke', subscribe: 'kb:subscribe', unsubscribe: 'kb:unsubscribe', event: 'kb:event' };

const handlers = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(IPC.event, (_event: IpcRendererEvent, name: string, payload: unknown) => {
  for (const handler of handlers.get(name) ?? []) handler(payload);
});

const kb: KbClient = {
  invoke(channel, input) {
    if (!isChannelName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `No such channel: ${String(channel)}` } });
    }
    return ipcRenderer.invoke(IPC.invoke, channel, input);
  },
  subscribe(event, handler) {
    if (!isEventName(event)) throw new Error(`No such event: ${String(event)}`);
    let set = handlers.get(event);
    if (!set) {
      handlers.set(event, (set = new Set()));
      ipcRenderer.send(IPC.subscribe, event);
    }
    const h = handler as (payload: unknown) => void;
    set.add(h);
    return () => {
      set.delete(h);
      if (set.size === 0) {
        handlers.delete(event);
        ipcRenderer.send(IPC.unsubscribe, event);
      }
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('kb', kb);

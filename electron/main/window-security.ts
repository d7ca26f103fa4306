import { app, BrowserWindow, dialog, session, shell, type WebContents } from 'electron';
import { isAppUrl } from './app-protocol';

const EXTERNAL_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

/** Opens an http(s) or mailto link in the system app, after the user confirms; nothing else. */
async function openExternalAfterConfirm(contents: WebContents, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (!EXTERNAL_PROTOCOLS.has(parsed.protocol)) return;
  const options = {
    type: 'question' as const,
    buttons: ['Open', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link outside the app?',
    detail: parsed.toString(),
  };
  const owner = BrowserWindow.fromWebContents(contents);
  const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
  if (response === 0) await shell.openExternal(parsed.toString());
}

/** Every window: no navigation away from the app, no new windows, no permissions. */
export function hardenWebContents(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void openExternalAfterConfirm(contents, url);
      return { action: 'deny' };
    });
  });
}

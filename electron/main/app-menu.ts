import { app, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/**
 * The application menu with the usual shortcuts. App actions go to the renderer as hash routes
 * or key presses it already handles, so the menu and the keyboard do the same thing.
 */
export function installAppMenu(getWindow: () => BrowserWindow | null): void {
  const go = (view: string) => () => void getWindow()?.webContents.executeJavaScript(`location.hash = '#/${view}'`);
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Note', accelerator: 'CmdOrCtrl+N', click: () => getWindow()?.webContents.sendInputEvent({ type: 'keyDown', keyCode: 'N', modifiers: [isMac ? 'meta' : 'control'] }) },
        { type: 'separator' },
        { label: 'Show Library Folder', click: () => void shell.openPath(app.getPath('userData')) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Library', accelerator: 'CmdOrCtrl+1', click: go('library') },
        { label: 'Search', accelerator: 'CmdOrCtrl+2', click: go('search') },
        { label: 'Dashboard', accelerator: 'CmdOrCtrl+3', click: go('dashboard') },
        { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: go('settings') },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

import { app, BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json';
import { openCore, type Core } from '../core/app-core';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { bindIpc } from './ipc-binding';
import { hardenWebContents } from './window-security';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** In development, `npm start` builds better-sqlite3 for Electron beside the Node build (see scripts/electron-native.mjs). */
function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const candidate = path.join(distDir, '..', '.electron-native', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

let core: Core | undefined;
let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Smart Knowledge Repository',
    webPreferences: {
      preload: path.join(distDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(`${APP_ORIGIN}/`);
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => void core?.close());

  void app.whenReady().then(async () => {
    hardenWebContents();
    serveRenderer(path.join(distDir, 'renderer'));
    core = await openCore({
      libraryDir: path.join(app.getPath('userData'), 'library'),
      role: 'main',
      distDir,
      appVersion: pkg.version,
      electronVersion: process.versions.electron ?? null,
      nativeBinding: electronNativeBinding(),
    });
    bindIpc(core);
    createWindow();
  });
}

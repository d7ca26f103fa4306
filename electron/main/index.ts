import { app, BrowserWindow, shell } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json';
import { openCore, type Core } from '../core/app-core';
import { processesFromAppMetrics } from '../core/monitor';
import { notifyOnAlerts } from './alert-notifications';
import { installAppMenu } from './app-menu';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { bindIpc } from './ipc-binding';
import { createUtilityProcessSpawner } from './utility-process-spawner';
import { loadWindowState, trackWindowState } from './window-state';
import { hardenWebContents } from './window-security';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** In development, `npm start` builds better-sqlite3 for Electron beside the Node build (see scripts/electron-native.mjs). */
function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const candidate = path.join(distDir, '..', '.electron-native', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

/** Native code cannot be loaded from inside the asar archive: the package unpacks the ranker. */
function packagedRanker(): string | undefined {
  if (!app.isPackaged) return undefined;
  return path.join(process.resourcesPath, 'app.asar.unpacked', 'dist', 'core', 'skr_bm25');
}

let core: Core | undefined;
let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData);
  mainWindow = new BrowserWindow({
    ...state.bounds,
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
  trackWindowState(mainWindow, userData);
  if (state.maximized) mainWindow.maximize();
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
  let closed = false;
  app.on('will-quit', (event) => {
    if (!core || closed) return;
    // Let workers, SQL threads and the WAL shut down cleanly before the process goes.
    event.preventDefault();
    closed = true;
    void core.close().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    hardenWebContents();
    serveRenderer(path.join(distDir, 'renderer'), () => core);
    core = await openCore({
      libraryDir: path.join(app.getPath('userData'), 'library'),
      role: 'main',
      distDir,
      appVersion: pkg.version,
      electronVersion: process.versions.electron ?? null,
      nativeBinding: electronNativeBinding(),
      ranker: packagedRanker(),
      spawner: createUtilityProcessSpawner(),
      extraProcesses: () => processesFromAppMetrics(app.getAppMetrics()),
      startMonitor: true,
      desktop: { openPath: (file) => shell.openPath(file), showItemInFolder: (file) => shell.showItemInFolder(file) },
    });
    bindIpc(core);
    notifyOnAlerts(core.events);
    installAppMenu(() => mainWindow);
    createWindow();
  });
}

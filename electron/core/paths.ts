import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Smart Knowledge Repository';

/**
 * The per-user data folder, computed the way Electron's `app.getPath('userData')` does, so the CLI
 * and browser mode open the same library as the desktop app.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PRODUCT_NAME);
}

export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SKR_LIBRARY || path.join(userDataDir(env), 'library');
}

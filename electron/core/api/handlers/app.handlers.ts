import type { Handlers } from '../router';
import type { CallStats } from '../call-stats';

export interface AppInfoSource {
  version: string;
  libraryPath: string;
  electronVersion: string | null;
  sqliteVersion: () => string | null;
}

export function appHandlers(
  info: AppInfoSource,
  callStats: () => CallStats,
): Pick<Handlers, 'app.info' | 'app.channelStats'> {
  return {
    'app.info': (_input, ctx) => ({
      name: 'Smart Knowledge Repository',
      version: info.version,
      libraryPath: info.libraryPath,
      platform: process.platform,
      arch: process.arch,
      transport: ctx.transport,
      versions: { node: process.versions.node, electron: info.electronVersion, sqlite: info.sqliteVersion() },
    }),
    'app.channelStats': () => callStats().snapshot(),
  };
}

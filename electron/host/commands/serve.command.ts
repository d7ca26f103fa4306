import { spawn } from 'node:child_process';
import { startServer } from '../server';
import { rendererDir } from '../host-paths';
import { intFlag, UsageError, type Command } from './command';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app to a browser on 127.0.0.1 (browser mode)',
  usage: 'serve [--port N] [--host H] [--open]',
  options: { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } },
  async run(ctx) {
    const port = intFlag(ctx.flags, 'port', 0, 0, 65535);
    const host = typeof ctx.flags.host === 'string' ? ctx.flags.host : '127.0.0.1';
    if (!host) throw new UsageError('--host needs an address');
    if (!LOOPBACK.has(host)) {
      ctx.stderr.write(`warning: serving on ${host}, reachable from other machines; anyone with the URL can read this library\n`);
    }
    const core = await ctx.core();
    const server = await startServer({ core, rendererDir, host, port });
    ctx.stdout.write(`Smart Knowledge Repository is serving ${ctx.libraryDir}\n  ${server.launchUrl}\n`);
    if (ctx.flags.open) openInBrowser(server.launchUrl);

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
}

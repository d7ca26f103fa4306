import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP } from '../../shared/security';
import type { Core } from '../core/app-core';
import { documentFile, parseDocumentFileUrl } from '../core/document-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** Must run before `app.whenReady()`: our scheme behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the built renderer from `rendererDir` at app://renderer/, with the strict CSP on every
 * response, and documents' files at app://renderer/files/<id>/<kind> (see document-files.ts).
 */
export function serveRenderer(rendererDir: string, core: () => Core | undefined): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { host, pathname } = new URL(request.url);
    const fileRequest = parseDocumentFileUrl(pathname);
    const loaded = core();
    if (fileRequest && loaded) {
      const file = await documentFile(loaded, fileRequest.id, fileRequest.kind).catch(() => null);
      if (!file) return new Response(null, { status: 404 });
      const response = await net.fetch(pathToFileURL(file.path).toString());
      return new Response(response.body, { status: response.status, headers: file.headers });
    }
    const file = path.resolve(rendererDir, '.' + decodeURIComponent(pathname));
    const inside = host === 'renderer' && file.startsWith(rendererDir + path.sep);
    const target = inside && path.extname(file) ? file : path.join(rendererDir, 'index.html');
    const response = await net.fetch(pathToFileURL(target).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

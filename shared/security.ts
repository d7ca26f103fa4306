/**
 * The renderer's Content-Security-Policy, the same in Electron and browser mode: only our own
 * scripts and styles, no inline script, no eval, no remote loads, no plugins, no framing.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Raster image types the renderer may show full size from the stored copy (served with
 * `nosniff` and a sandbox CSP). SVG is not among them: it can carry script and remote loads.
 */
export const PREVIEWABLE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);

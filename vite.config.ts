import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer only: served by browser mode over HTTP and by Electron at app://renderer/.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
    // No inline <script> or data: modules: the CSP forbids them.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});

import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import electron from 'vite-plugin-electron/simple';
import path from 'node:path';
import { PRODUCTION_CSP } from './core/base/csp.ts';

const root = import.meta.dirname;
const r = (p: string) => path.resolve(root, p);

/** Production builds carry the CSP in the page itself, so it holds for file:// and browser mode alike. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'inspector-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PRODUCTION_CSP }, injectTo: 'head' },
    ],
  };
}

// Browser mode, the e2e suite and `npm run web` need only the renderer; the Electron entries are
// built by `npm run build` and `npm start`. INSPECTOR_RENDERER_ONLY=1 leaves them out (and keeps
// `vite` from trying to start Electron, which cannot run where its binary is missing).
const rendererOnly = process.env.INSPECTOR_RENDERER_ONLY === '1';

export default defineConfig({
  root: r('renderer'),
  base: './',
  plugins: [
    react(),
    contentSecurityPolicy(),
    rendererOnly
      ? []
      : electron({
          main: {
            entry: r('electron/main.ts'),
            vite: { build: { outDir: r('dist-electron'), rollupOptions: { external: ['electron', 'electron-store'] } } },
          },
          preload: {
            input: r('electron/preload.ts'),
            vite: {
              build: {
                outDir: r('dist-electron'),
                rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
              },
            },
          },
        }),
  ],
  build: {
    outDir: r('dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1' },
});

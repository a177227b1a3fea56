import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CSP_META } from './src-main/core/service/security';

/** The built UI carries its CSP in a meta tag too: Electron loads it from files, which have no headers. */
function cspMeta(): Plugin {
  return {
    name: 'modem-bench-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META}" />`),
  };
}

// Three builds: the main process (Electron adapter over the core, and the headless CLI), the
// preload (one CommonJS file, as sandboxed preloads require), the renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      // cli: the headless CLI as its own entry (out/main/cli.js), which the packaged binary runs for
      // `modem-bench-cli` and plain Node runs in the tests; it shares chunks with the app but never imports Electron.
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/electron/main.ts'), cli: resolve(__dirname, 'src-main/headless/cli-entry.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [vue(), cspMeta()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});

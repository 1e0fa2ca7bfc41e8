import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: resolve(root, 'src-main/index.ts') } } },
  },
  preload: {
    // CommonJS: a sandboxed renderer cannot run an ESM preload (src-main/security.ts sets sandbox: true).
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [react()],
    build: { rollupOptions: { input: resolve(root, 'src-renderer/index.html') } },
  },
});

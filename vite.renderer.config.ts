import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Browser-only development of the UI (`npm run dev:web`) against a running `npm run serve`.
export default defineConfig({
  root: resolve(import.meta.dirname, 'src-renderer'),
  base: './',
  plugins: [react()],
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${process.env.GATEHOUSE_PORT ?? '7654'}`,
      '/oauth2': `http://127.0.0.1:${process.env.GATEHOUSE_PORT ?? '7654'}`,
    },
  },
});

import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// The headless server (`gatehouse serve`) and the benchmark, bundled for plain Node 20.
// Dependencies stay external: better-sqlite3 is a native module and must load from node_modules.
export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve(import.meta.dirname, 'out/server'),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        cli: resolve(import.meta.dirname, 'src-server/cli.ts'),
        bench: resolve(import.meta.dirname, 'src-server/bench.ts'),
        'bench-reference': resolve(import.meta.dirname, 'src-server/bench/reference-oidc-provider.ts'),
        'bench-ceiling': resolve(import.meta.dirname, 'src-server/bench/ceiling.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

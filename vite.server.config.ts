import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// The headless server (`gatehouse serve`) and the benchmark, bundled for plain Node 20.
// Pure-JS dependencies are bundled in: resolving and loading express's ~60 small CommonJS packages
// file by file was most of the cold start. better-sqlite3 is a native module and must load from
// node_modules; the bench's reference server and load generator stay as they are published.
// @okta/okta-sdk-nodejs (push/pull, loaded on demand) breaks when bundled (its node-fetch import).
export default defineConfig({
  ssr: { noExternal: true, external: ['better-sqlite3', 'oidc-provider', 'autocannon', '@okta/okta-sdk-nodejs'] },
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve(import.meta.dirname, 'out/server'),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        cli: resolve(import.meta.dirname, 'src-server/cli.ts'),
        // The desktop app's server process (Electron utilityProcess), see src-server/host/utility.ts.
        utility: resolve(import.meta.dirname, 'src-server/host/utility.ts'),
        bench: resolve(import.meta.dirname, 'src-server/bench.ts'),
        'bench-reference': resolve(import.meta.dirname, 'src-server/bench/reference-oidc-provider.ts'),
        'bench-ceiling': resolve(import.meta.dirname, 'src-server/bench/ceiling.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

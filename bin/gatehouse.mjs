#!/usr/bin/env node
// The `gatehouse` command. It runs the bundled server (out/server/cli.js), building it first when
// this checkout has not been built yet.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'server', 'cli.js');
if (!existsSync(cli)) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.server.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
const { main } = await import(pathToFileURL(cli).href);
await main(process.argv.slice(2));

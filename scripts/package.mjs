#!/usr/bin/env node
/*
 * `npm run package [-- electron-builder flags]`: builds the app, makes sure the Electron-ABI SQLite
 * module is there (it is shipped as an extra resource), then runs electron-builder with
 * electron-builder.yml. Without flags it builds this platform's installers into out/packages/.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { rebuildElectronSqlite } from './rebuild-electron-sqlite.mjs';

const root = join(import.meta.dirname, '..');
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' }).status ?? 1;

if (run('npm', ['run', '--silent', 'build']) !== 0) {
  process.stderr.write('gatehouse: the build failed (see above); nothing was packaged.\n');
  process.exit(1);
}
try {
  await rebuildElectronSqlite();
} catch (e) {
  process.stderr.write(`gatehouse: could not build better-sqlite3 for Electron, so nothing was packaged: ${String(e instanceof Error ? e.message : e).split('\n')[0]}\n`);
  process.exit(1);
}
// A `nodedir` setting would point any native build electron-builder does at Node's headers.
const env = { ...process.env };
delete env.npm_config_nodedir;
process.exit(run(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.yml', ...process.argv.slice(2)], env));

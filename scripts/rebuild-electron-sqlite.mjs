#!/usr/bin/env node
/*
 * Builds the Electron-ABI copy of better-sqlite3 that the desktop app loads through `nativeBinding`
 * (src-main/native-binding.ts), into native/electron-abi<ABI>/better_sqlite3.node. node_modules keeps
 * the Node build that tests and `gatehouse serve` use. Needs the Electron headers (downloaded by
 * node-gyp from electronjs.org) and a C++ toolchain, like any native rebuild.
 *
 * Two traps it avoids (see the toolchain notes):
 *  - an `npm_config_nodedir` (e.g. `nodedir=/usr` in ~/.npmrc) makes node-gyp build against Node's
 *    headers while reporting success: it is removed, and the result must NOT load in plain Node;
 *  - rebuilding inside the project also rebuilds node_modules/better-sqlite3 (the Node copy): the
 *    module is staged in a temporary folder and rebuilt there.
 * Exit code 0 when the binary is there (built now or before), 1 with one readable line otherwise.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

export function electronTarget() {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'));
  const abi = readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim();
  return { version: pkg.version, abi };
}

export function bindingPath(abi) {
  return join(root, 'native', `electron-abi${abi}`, 'better_sqlite3.node');
}

/** True when `file` loads in this (plain Node) process, i.e. it was built for Node's ABI, not Electron's. */
function loadsInNode(file) {
  try {
    require(file);
    return true;
  } catch {
    return false;
  }
}

export async function rebuildElectronSqlite({ force = false, log = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const { version, abi } = electronTarget();
  const target = bindingPath(abi);
  if (existsSync(target) && !force) return target;

  delete process.env.npm_config_nodedir;
  delete process.env.NPM_CONFIG_NODEDIR;
  const stage = mkdtempSync(join(tmpdir(), 'gatehouse-electron-sqlite-'));
  try {
    const moduleDir = join(stage, 'node_modules/better-sqlite3');
    cpSync(join(root, 'node_modules/better-sqlite3'), moduleDir, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
    cpSync(join(root, 'node_modules/better-sqlite3/package.json'), join(stage, 'package.json'));
    log(`gatehouse: building better-sqlite3 for Electron ${version} (ABI ${abi}); this takes a minute`);
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: stage, projectRootPath: stage, electronVersion: version, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
    const built = join(moduleDir, 'build/Release/better_sqlite3.node');
    if (!existsSync(built)) throw new Error('the rebuild reported success but produced no better_sqlite3.node');
    if (loadsInNode(built)) throw new Error(`the result was built for Node ${process.versions.node}, not Electron (is a nodedir setting forcing Node's headers?)`);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(built, target);
    return target;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  rebuildElectronSqlite({ force: process.argv.includes('--force') })
    .then((file) => process.stdout.write(`gatehouse: Electron's better-sqlite3 is at ${file}\n`))
    .catch((e) => {
      const first = String(e instanceof Error ? e.message : e).split('\n')[0];
      process.stderr.write(`gatehouse: could not build better-sqlite3 for Electron: ${first}\n`);
      process.exit(1);
    });
}

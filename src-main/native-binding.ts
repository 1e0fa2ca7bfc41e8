import { join } from 'node:path';

/*
 * better-sqlite3 is a V8-API addon, so one binary fits one ABI: node_modules keeps the Node build
 * (tests, `gatehouse serve`) and the desktop app loads a second, Electron-ABI copy through
 * better-sqlite3's `nativeBinding` option. scripts/rebuild-electron-sqlite.mjs builds it into
 * native/electron-abi<NODE_MODULE_VERSION>/; packaging ships that folder as an extra resource.
 */

export const NATIVE_DIR = 'native';

export function electronAbiDir(modules: string): string {
  return `electron-abi${modules}`;
}

/**
 * Where the Electron-ABI binary is for this process: undefined under plain Node (use node_modules),
 * `<base>/native/electron-abi<N>/better_sqlite3.node` under Electron, where base is the app folder
 * in development and the resources folder in a packaged app.
 */
export function sqliteBindingFor(versions: NodeJS.ProcessVersions, base: string): string | undefined {
  if (!versions.electron) return undefined;
  return join(base, NATIVE_DIR, electronAbiDir(versions.modules), 'better_sqlite3.node');
}

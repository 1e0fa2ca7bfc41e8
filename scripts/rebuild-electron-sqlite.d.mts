export function electronTarget(): { version: string; abi: string };
export function bindingPath(abi: string): string;
/** Builds (once; `force` rebuilds) the Electron-ABI better-sqlite3 and returns its path. */
export function rebuildElectronSqlite(options?: { force?: boolean; log?: (line: string) => void }): Promise<string>;

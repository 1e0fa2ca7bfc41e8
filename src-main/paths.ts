import { join } from 'node:path';

/** The built files the main process needs, relative to out/main/ where its bundle lives. */
export interface AppPaths {
  preload: string;
  utility: string;
  rendererDir: string;
  icon: string;
}

export function appPaths(mainDir: string, appRoot: string): AppPaths {
  return {
    // CommonJS so that the renderer can be sandboxed (ESM preloads need sandbox off).
    preload: join(mainDir, '../preload/index.cjs'),
    utility: join(mainDir, '../server/utility.js'),
    rendererDir: join(mainDir, '../renderer'),
    icon: join(appRoot, 'resources/icon.png'),
  };
}

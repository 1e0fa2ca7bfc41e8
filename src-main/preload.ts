/*
 * The only bridge between the workbench page and Electron: a small typed API (desktop-api.ts) on
 * `window.gatehouse`, each function one IPC call that the main process checks. No ipcRenderer,
 * no Node, no generic "send" (checklist 20). Built as CommonJS so the renderer can be sandboxed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type GatehouseDesktop } from './desktop-api.js';

function argValue(name: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? '';
}

const api: GatehouseDesktop = {
  desktop: true,
  appVersion: argValue('gatehouse-version'),
  serverInfo: () => ipcRenderer.invoke(CHANNELS.serverInfo),
  openExternal: (url) => ipcRenderer.invoke(CHANNELS.openExternal, url),
  newWorkspace: () => ipcRenderer.invoke(CHANNELS.newWorkspace),
  openWorkspace: () => ipcRenderer.invoke(CHANNELS.openWorkspace),
  saveWorkspaceCopy: () => ipcRenderer.invoke(CHANNELS.saveWorkspaceCopy),
  saveTextFile: (suggestedName, text) => ipcRenderer.invoke(CHANNELS.saveTextFile, suggestedName, text),
  restartServer: () => ipcRenderer.invoke(CHANNELS.restartServer),
};

contextBridge.exposeInMainWorld('gatehouse', api);

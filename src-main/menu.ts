import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

/* The application menu, as data: standard roles and shortcuts, plus Gatehouse's own commands. */

export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  saveCopy(): void;
  revealWorkspace(): void;
  copyOrgUrl(): void;
  copyIssuerUrl(): void;
  openInBrowser(): void;
  restartServer(): void;
  openLogFolder(): void;
  about(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  recent: string[];
  hasWorkspace: boolean;
  serverRunning: boolean;
  /** Developer tools only in development builds. */
  devTools: boolean;
}

export function buildMenuTemplate(actions: MenuActions, ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = ctx.recent.length
    ? [
        ...ctx.recent.map((p) => ({ label: `${basename(p)} — ${p}`, click: () => actions.openRecent(p) })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent workspaces', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      { label: 'Save a Copy As…', accelerator: 'CmdOrCtrl+Shift+S', enabled: ctx.serverRunning, click: () => actions.saveCopy() },
      { label: mac ? 'Reveal in Finder' : 'Show in Folder', enabled: ctx.hasWorkspace, click: () => actions.revealWorkspace() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      ...(ctx.devTools ? [{ role: 'toggleDevTools' as const }] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const server: MenuItemConstructorOptions = {
    label: '&Server',
    submenu: [
      { label: 'Copy Org URL', enabled: ctx.serverRunning, click: () => actions.copyOrgUrl() },
      { label: 'Copy Issuer URL (default)', enabled: ctx.serverRunning, click: () => actions.copyIssuerUrl() },
      { label: 'Open Workbench in Browser', enabled: ctx.serverRunning, click: () => actions.openInBrowser() },
      { type: 'separator' },
      { label: 'Restart Server', accelerator: 'CmdOrCtrl+Shift+R', enabled: ctx.hasWorkspace, click: () => actions.restartServer() },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Open Log Folder', click: () => actions.openLogFolder() },
      ...(mac ? [] : [{ type: 'separator' as const }, { label: `About ${ctx.appName}`, click: () => actions.about() }]),
    ],
  };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: ctx.appName,
          submenu: [
            { label: `About ${ctx.appName}`, click: () => actions.about() },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, { role: 'editMenu', label: '&Edit' }, view, server, { role: 'windowMenu', label: '&Window' }, help];
}

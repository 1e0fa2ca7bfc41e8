/*
 * The desktop app's main process: wires Electron to the parts in this folder. The server runs in
 * a utility process per workspace (controller.ts, server-host.ts); the window shows the workbench
 * that server serves on 127.0.0.1, signed in through its one-time URL (README "Desktop app").
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, nativeTheme, screen, session, shell, Tray, utilityProcess } from 'electron';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appPaths } from './paths.js';
import { sqliteBindingFor } from './native-binding.js';
import { ServerHost, type Fork } from './server-host.js';
import { DesktopController, type Opened } from './controller.js';
import { RecentWorkspaces, defaultWorkspacePath, startupWorkspace } from './workspaces.js';
import { readWindowState, restoreBounds, writeWindowState } from './window-state.js';
import { guardWebContents, hardenSession, isSafeExternalUrl, secureWebPreferences } from './security.js';
import { registerIpc, type DesktopActions } from './ipc.js';
import type { DialogResult } from './desktop-api.js';
import { buildMenuTemplate, type MenuActions } from './menu.js';
import { aboutText, issuerUrl, statusLine, statusMenuTemplate, windowTitle, type ServerStatus } from './status.js';
import { crashPageUrl } from './crash-page.js';
import { openServerLog, pipeToLog } from './log-file.js';

const DEFAULT_PORT = 7654;
const WORKSPACE_FILTERS = [
  { name: 'Gatehouse workspace', extensions: ['db', 'sqlite', 'gatehouse'] },
  { name: 'All files', extensions: ['*'] },
];

app.setName('Gatehouse');
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

async function main(): Promise<void> {
  const mainDir = dirname(fileURLToPath(import.meta.url));
  const paths = appPaths(mainDir, app.getAppPath());
  const nativeBinding = sqliteBindingFor(process.versions, app.isPackaged ? process.resourcesPath : app.getAppPath());
  const recent = new RecentWorkspaces(join(app.getPath('userData'), 'workspaces.json'));
  const windowStateFile = join(app.getPath('userData'), 'window-state.json');
  const logFolder = app.getPath('logs');
  const serverLog = openServerLog(logFolder);

  let win: BrowserWindow | undefined;
  let tray: Tray | undefined;
  let status: ServerStatus = { state: 'starting' };
  let crashUrl: string | undefined;

  const fork: Fork = () => {
    const child = utilityProcess.fork(paths.utility, [], { serviceName: 'Gatehouse server', stdio: 'pipe' });
    pipeToLog(serverLog, child.stdout, child.stderr);
    return {
      postMessage: (m) => child.postMessage(m),
      on: (event: 'message' | 'exit', listener: (arg: never) => void) => child.on(event as 'exit', listener as (code: number) => void),
      kill: () => child.kill(),
    };
  };

  const controller = new DesktopController({
    newHost: () => new ServerHost({ fork }),
    recent,
    rendererDir: paths.rendererDir,
    nativeBinding,
    preferredPort: DEFAULT_PORT,
    onOpened: (opened) => showOpened(opened),
    onCrashed: (workspace, code) => {
      status = { state: 'crashed', workspace };
      crashUrl = crashPageUrl({ workspace, exitCode: code, logFolder });
      void win?.loadURL(crashUrl);
      refresh();
    },
  });

  const openExternal = async (url: string) => {
    if (!isSafeExternalUrl(url)) return false;
    await shell.openExternal(url);
    return true;
  };

  function refresh(): void {
    const opened = controller.opened;
    win?.setTitle(windowTitle(opened?.workspace, status));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate(menuActions, {
          platform: process.platform,
          appName: 'Gatehouse',
          recent: recent.list(),
          hasWorkspace: !!opened,
          serverRunning: status.state === 'running',
          devTools: !app.isPackaged,
        }),
      ),
    );
    const statusMenu = statusMenuTemplate(status, statusActions, process.platform !== 'darwin');
    if (tray) {
      tray.setToolTip(statusLine(status));
      tray.setContextMenu(Menu.buildFromTemplate(statusMenu));
    }
    app.dock?.setMenu(Menu.buildFromTemplate(statusMenuTemplate(status, statusActions, false)));
  }

  function showOpened(opened: Opened): void {
    status = { state: 'running', url: opened.ready.url, workspace: opened.workspace };
    crashUrl = undefined;
    app.addRecentDocument(opened.workspace);
    void win?.loadURL(opened.ready.loginUrl);
    refresh();
    if (opened.ready.generatedApiToken) void showGeneratedToken(opened.ready.generatedApiToken, opened.workspace);
  }

  async function showGeneratedToken(token: string, workspace: string): Promise<void> {
    const { response } = await dialog.showMessageBox({
      type: 'info',
      title: 'Admin API token',
      message: 'This workspace’s admin API token (shown once)',
      detail: `${token}\n\nUse it as "Authorization: SSWS <token>" with Okta's SDKs or curl. Gatehouse keeps only its hash in ${workspace}.`,
      buttons: ['Copy Token', 'Close'],
      defaultId: 0,
    });
    if (response === 0) clipboard.writeText(token);
  }

  async function failed(title: string, message: string): Promise<DialogResult> {
    await dialog.showMessageBox({ type: 'error', title, message: title, detail: message, buttons: ['OK'] });
    return { status: 'failed', message };
  }

  async function openPath(path: string, seed: 'demo' | 'none' = 'demo'): Promise<DialogResult> {
    const outcome = await controller.open(path, seed);
    if (!outcome.ok) return failed('The workspace was not opened', outcome.message);
    return { status: 'done', path: outcome.opened.workspace };
  }

  const actions: DesktopActions = {
    serverInfo: () => {
      const opened = controller.opened;
      const url = opened?.ready.url ?? '';
      return { serverUrl: url, issuerUrl: url && issuerUrl(url), workspace: opened?.workspace ?? '' };
    },
    openExternal,
    async newWorkspace() {
      const r = await dialog.showSaveDialog({ title: 'New Workspace', defaultPath: join(app.getPath('documents'), 'workspace.db'), filters: WORKSPACE_FILTERS, buttonLabel: 'Create' });
      if (r.canceled || !r.filePath) return { status: 'cancelled' };
      if (existsSync(r.filePath)) return failed('The workspace was not created', `${r.filePath} already exists. Use File > Open Workspace to open it, or choose a new name.`);
      const seed = await dialog.showMessageBox({
        type: 'question',
        title: 'New Workspace',
        message: 'What should the new workspace contain?',
        detail: 'The demo adds users, groups, apps and an "Orders API" authorization server. An empty org has only what every Okta org has.',
        buttons: ['Demo Org', 'Empty Org', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
      });
      if (seed.response === 2) return { status: 'cancelled' };
      return openPath(r.filePath, seed.response === 0 ? 'demo' : 'none');
    },
    async openWorkspace() {
      const r = await dialog.showOpenDialog({ title: 'Open Workspace', properties: ['openFile'], filters: WORKSPACE_FILTERS });
      if (r.canceled || !r.filePaths[0]) return { status: 'cancelled' };
      return openPath(r.filePaths[0]);
    },
    async saveWorkspaceCopy() {
      const current = controller.opened?.workspace;
      const r = await dialog.showSaveDialog({ title: 'Save a Copy As', defaultPath: current ? current.replace(/(\.\w+)?$/, ' copy$1') : undefined, filters: WORKSPACE_FILTERS });
      if (r.canceled || !r.filePath) return { status: 'cancelled' };
      try {
        return { status: 'done', path: await controller.saveCopy(r.filePath) };
      } catch (e) {
        return failed('The copy was not saved', e instanceof Error ? e.message : String(e));
      }
    },
    async saveTextFile(suggestedName, text) {
      const r = await dialog.showSaveDialog({ title: 'Save', defaultPath: join(app.getPath('downloads'), suggestedName) });
      if (r.canceled || !r.filePath) return { status: 'cancelled' };
      try {
        writeFileSync(r.filePath, text, { mode: 0o600 });
        return { status: 'done', path: r.filePath };
      } catch (e) {
        return failed('The file was not saved', e instanceof Error ? e.message : String(e));
      }
    },
    async restartServer() {
      status = { state: 'starting' };
      refresh();
      const outcome = await controller.restart();
      if (!outcome.ok) {
        status = { state: 'stopped' };
        refresh();
        throw new Error(outcome.message);
      }
    },
  };

  const menuActions: MenuActions = {
    newWorkspace: () => void actions.newWorkspace(),
    openWorkspace: () => void actions.openWorkspace(),
    openRecent: (path) => {
      if (!existsSync(path)) {
        recent.forget(path);
        refresh();
        void failed('The workspace was not opened', `${path} no longer exists; it was removed from Open Recent.`);
        return;
      }
      void openPath(path);
    },
    clearRecent: () => {
      recent.clear();
      app.clearRecentDocuments();
      refresh();
    },
    saveCopy: () => void actions.saveWorkspaceCopy(),
    revealWorkspace: () => {
      const w = controller.opened?.workspace;
      if (w) shell.showItemInFolder(w);
    },
    copyOrgUrl: () => status.state === 'running' && clipboard.writeText(status.url),
    copyIssuerUrl: () => status.state === 'running' && clipboard.writeText(issuerUrl(status.url)),
    openInBrowser: () => {
      controller
        .loginUrl()
        .then((url) => shell.openExternal(url))
        .catch((e) => failed('The browser was not opened', String(e)));
    },
    restartServer: () => void actions.restartServer().catch((e) => failed('The server did not restart', e instanceof Error ? e.message : String(e))),
    openLogFolder: () => void shell.openPath(logFolder),
    about: () => {
      const opened = controller.opened;
      void dialog.showMessageBox({
        type: 'info',
        title: 'About Gatehouse',
        message: 'Gatehouse',
        detail: aboutText({ app: app.getVersion(), electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, workspace: opened?.workspace, url: opened?.ready.url }),
        icon: existsSync(paths.icon) ? nativeImage.createFromPath(paths.icon) : undefined,
        buttons: ['OK'],
      });
    },
  };

  const statusActions = {
    showWindow: () => {
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
    copy: (text: string) => clipboard.writeText(text),
    restartServer: () => menuActions.restartServer(),
    quit: () => app.quit(),
  };

  function createWindow(): BrowserWindow {
    const state = readWindowState(windowStateFile);
    const bounds = restoreBounds(
      state,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const w = new BrowserWindow({
      ...bounds,
      minWidth: 800,
      minHeight: 560,
      show: false,
      title: 'Gatehouse',
      icon: existsSync(paths.icon) ? paths.icon : undefined,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f7f7f9',
      webPreferences: secureWebPreferences(paths.preload, app.getVersion()),
    });
    if (state.maximized) w.maximize();
    // The title names the workspace; the page's own <title> would replace it.
    w.on('page-title-updated', (e) => e.preventDefault());
    w.once('ready-to-show', () => w.show());
    w.on('close', () => writeWindowState(windowStateFile, { bounds: w.getNormalBounds(), maximized: w.isMaximized() }));
    w.on('closed', () => {
      if (win === w) win = undefined;
    });
    return w;
  }

  // Checklist 11-14 for every web contents the app ever creates, not only the window's.
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, { serverOrigin: () => controller.serverOrigin(), openExternal: (url) => void openExternal(url) }));
  app.on('second-instance', () => statusActions.showWindow());

  let stopped = false;
  app.on('before-quit', (e) => {
    if (stopped) return;
    e.preventDefault();
    void controller.stop().finally(() => {
      stopped = true;
      serverLog.end();
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  app.setAboutPanelOptions({ applicationName: 'Gatehouse', applicationVersion: app.getVersion(), iconPath: paths.icon });
  hardenSession(session.defaultSession, () => controller.serverOrigin());
  registerIpc(ipcMain, actions, {
    windowContentsId: () => win?.webContents.id,
    serverOrigin: () => controller.serverOrigin(),
    crashPageUrl: () => crashUrl,
  });

  if (nativeBinding && !existsSync(nativeBinding)) {
    dialog.showErrorBox(
      'Gatehouse cannot open workspaces',
      `The SQLite module built for Electron is missing:\n${nativeBinding}\n\nStart the app with "npm start" (it builds the module), or run "npm run rebuild:electron-sqlite". "npm run serve" opens the same workbench in a browser.`,
    );
    app.exit(1);
    return;
  }

  win = createWindow();
  try {
    tray = new Tray(nativeImage.createFromPath(paths.icon).resize({ width: 16, height: 16 }));
    tray.on('click', () => statusActions.showWindow());
  } catch {
    tray = undefined; // no tray on this desktop: the menu and the window title still show the status
  }
  refresh();
  app.on('activate', () => {
    if (!win) {
      win = createWindow();
      const opened = controller.opened;
      if (opened) void controller.loginUrl().then((url) => win?.loadURL(url));
    }
  });

  const fallback = defaultWorkspacePath();
  const first = startupWorkspace(recent, fallback);
  let outcome = await controller.open(first);
  if (!outcome.ok && first !== fallback) {
    await failed('The last workspace was not opened', `${outcome.message}\n\nOpening the default workspace instead.`);
    outcome = await controller.open(fallback);
  }
  if (!outcome.ok) {
    await failed('Gatehouse could not start its server', `${outcome.message}\n\n"npm run serve" runs the same server and workbench in a browser; the log folder is ${logFolder}.`);
    app.exit(1);
  }
}

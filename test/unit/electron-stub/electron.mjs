/*
 * A stand-in for the `electron` module, for loading the built main process in plain Node
 * (test/unit/electron-bundle.test.ts). It is not Electron: it records what main asks for as
 * `STUB {json}` lines on stdout, and runs utility processes with child_process.fork (the server's
 * utility entry speaks the same messages over Node's IPC channel). "quit" on stdin quits.
 */
import { EventEmitter } from 'node:events';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const record = (event, data = {}) => process.stdout.write(`STUB ${JSON.stringify({ event, ...data })}\n`);
const home = process.env.STUB_HOME;

class App extends EventEmitter {
  isPackaged = false;
  name = 'stub';
  setName(n) {
    this.name = n;
  }
  getName() {
    return this.name;
  }
  requestSingleInstanceLock() {
    return true;
  }
  getAppPath() {
    return process.env.STUB_APP_ROOT;
  }
  getPath(name) {
    return join(home, name);
  }
  getVersion() {
    return '0.1.0';
  }
  whenReady() {
    return Promise.resolve();
  }
  setAboutPanelOptions(o) {
    record('setAboutPanelOptions', o);
  }
  addRecentDocument(p) {
    record('addRecentDocument', { path: p });
  }
  clearRecentDocuments() {}
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    record('quit');
    this.emit('will-quit', { preventDefault() {} });
    process.exit(0);
  }
  exit(code = 0) {
    record('exit', { code });
    process.exit(code);
  }
}
export const app = new App();

let contentsId = 0;
class WebContents extends EventEmitter {
  id = ++contentsId;
  setWindowOpenHandler(h) {
    this.windowOpenHandler = h;
    record('setWindowOpenHandler');
  }
  getURL() {
    return this.url ?? '';
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    record('BrowserWindow', { options });
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    this.webContents.url = url;
    record('loadURL', { url });
    this.emit('ready-to-show');
  }
  setTitle(title) {
    record('setTitle', { title });
  }
  show() {}
  focus() {}
  restore() {}
  maximize() {}
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1280, height: 800 };
  }
}

const labels = (items) => items.map((i) => i.label ?? i.role ?? i.type);
export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => record('setApplicationMenu', { labels: labels(menu.template) }),
};

export class Tray extends EventEmitter {
  setToolTip(text) {
    record('tray.setToolTip', { text });
  }
  setContextMenu() {}
}

const image = { resize: () => image };
export const nativeImage = { createFromPath: () => image };
export const nativeTheme = { shouldUseDarkColors: false };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const clipboard = { writeText: (text) => record('clipboard', { text }) };
export const shell = {
  openExternal: async (url) => record('openExternal', { url }),
  openPath: async (p) => record('openPath', { path: p }),
  showItemInFolder: (p) => record('showItemInFolder', { path: p }),
};
export const dialog = {
  showMessageBox: async (...args) => {
    const o = args.length > 1 ? args[1] : args[0];
    record('showMessageBox', { title: o.title, message: o.message, detail: o.detail });
    return { response: 1 };
  },
  showErrorBox: (title, content) => record('showErrorBox', { title, content }),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async () => ({ canceled: true }),
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: () => record('setPermissionRequestHandler'),
    setPermissionCheckHandler: () => record('setPermissionCheckHandler'),
    webRequest: { onHeadersReceived: () => record('onHeadersReceived') },
  },
};
export const ipcMain = { handle: (channel) => record('ipcMain.handle', { channel }) };

export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    record('utilityProcess.fork', { modulePath, serviceName: options.serviceName });
    const child = fork(modulePath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const proc = new EventEmitter();
    proc.stdout = child.stdout;
    proc.stderr = child.stderr;
    proc.pid = child.pid;
    proc.postMessage = (m) => child.connected && child.send(m);
    proc.kill = () => child.kill();
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code, signal) => {
      record('utility.exit', { code, signal });
      proc.emit('exit', code ?? 1);
    });
    return proc;
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'quit') app.quit();
});

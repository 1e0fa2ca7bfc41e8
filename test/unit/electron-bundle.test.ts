/*
 * The electron-vite build of the main process, loaded in plain Node with a stub `electron`
 * (test/unit/electron-stub): proves the bundle and its externals resolve, and that main forks the
 * built server entry (out/server/utility.js), waits for it, and opens the window on a working,
 * signed-in workbench; "quit" closes the database and ends the server. Not an Electron test: the
 * binary cannot run here (README "Desktop app").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');

interface StubEvent {
  event: string;
  [k: string]: unknown;
}

function launch(home: string) {
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(import.meta.dirname, 'electron-stub/register.mjs')).href, join(root, 'out/main/index.js')], {
    env: { ...process.env, STUB_HOME: home, STUB_APP_ROOT: root, XDG_DATA_HOME: join(home, 'data'), HOME: home },
  }) as ChildProcessWithoutNullStreams;
  const events: StubEvent[] = [];
  let stderr = '';
  let buffered = '';
  const waiters: { test: (e: StubEvent) => boolean; resolve: (e: StubEvent) => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith('STUB ')) continue;
      const e = JSON.parse(line.slice(5)) as StubEvent;
      events.push(e);
      for (const w of [...waiters]) if (w.test(e)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(e));
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (test: (e: StubEvent) => boolean, what: string) =>
    new Promise<StubEvent>((resolve, reject) => {
      const hit = events.find(test);
      if (hit) return resolve(hit);
      const timer = setTimeout(() => reject(new Error(`no ${what} within 20 s; stderr: ${stderr}; events: ${events.map((e) => e.event).join(', ')}`)), 20_000);
      waiters.push({ test, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  return { child, events, exited, waitFor, stderr: () => stderr };
}

let home: string;
let running: ReturnType<typeof launch> | undefined;

afterEach(() => {
  if (running && running.child.exitCode === null) running.child.kill();
  running = undefined;
  rmSync(home, { recursive: true, force: true });
});

describe('the built main process (out/main/index.js) under plain Node with a stub electron', () => {
  it('starts the server in a utility process, opens the window signed in on the demo workspace, and closes the database on quit', async () => {
    home = mkdtempSync(join(tmpdir(), 'gatehouse-bundle-'));
    running = launch(home);
    const { waitFor, events } = running;

    const forked = await waitFor((e) => e.event === 'utilityProcess.fork', 'utility fork');
    expect(forked.modulePath).toBe(join(root, 'out/server/utility.js'));

    const window = await waitFor((e) => e.event === 'BrowserWindow', 'window');
    const prefs = (window.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true });
    expect(prefs.preload).toBe(join(root, 'out/preload/index.cjs'));
    expect(existsSync(prefs.preload as string)).toBe(true);

    const load = await waitFor((e) => e.event === 'loadURL', 'window load');
    const loginUrl = new URL(load.url as string);
    expect(loginUrl.pathname).toBe('/gatehouse/login');
    expect(loginUrl.hostname).toBe('127.0.0.1');

    // What the window sees: the one-time link trades for the admin cookie, then the workbench.
    const signIn = await fetch(loginUrl, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL('/', loginUrl));
    expect(await page.text()).toContain('<div id="root">');
    const users = await fetch(new URL('/api/v1/users', loginUrl), { headers: { cookie, accept: 'application/json' } });
    expect(users.status).toBe(200);
    expect(((await users.json()) as { profile: { login: string } }[]).map((u) => u.profile.login)).toContain('ada@example.com');

    const workspace = join(home, 'data/gatehouse/workspace.db');
    expect(existsSync(workspace)).toBe(true);
    await waitFor((e) => e.event === 'setTitle' && String(e.title).includes(workspace), 'title naming the workspace');
    for (const channel of ['gatehouse:server-info', 'gatehouse:open-external', 'gatehouse:restart-server']) {
      expect(events.some((e) => e.event === 'ipcMain.handle' && e.channel === channel)).toBe(true);
    }
    expect(events.some((e) => e.event === 'onHeadersReceived')).toBe(true);
    expect(events.some((e) => e.event === 'setWindowOpenHandler')).toBe(true);
    const menu = await waitFor((e) => e.event === 'setApplicationMenu', 'menu');
    expect(menu.labels).toEqual(['&File', '&Edit', '&View', '&Server', '&Window', 'help']);
    // The admin token of a new workspace is shown once; the window itself uses the cookie.
    expect(events.some((e) => e.event === 'showMessageBox' && e.title === 'Admin API token')).toBe(true);

    running.child.stdin.write('quit\n');
    expect(await running.exited).toBe(0);
    expect(events.some((e) => e.event === 'utility.exit' && e.code === 0)).toBe(true);
    // The database was closed: SQLite removes the WAL file when the last connection closes.
    expect(existsSync(`${workspace}-wal`)).toBe(false);
    expect(JSON.parse(readFileSync(join(home, 'userData/workspaces.json'), 'utf8'))).toEqual({ recent: [workspace] });
    await expect(fetch(new URL('/', loginUrl))).rejects.toThrow();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RECENT, RecentWorkspaces, defaultWorkspacePath, startupWorkspace } from '../../src-main/workspaces.js';
import { readWindowState, restoreBounds, writeWindowState, DEFAULT_SIZE } from '../../src-main/window-state.js';
import { sqliteBindingFor } from '../../src-main/native-binding.js';
import { defaultDbPath } from '../../src-server/cli.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('recent workspaces', () => {
  it('keeps the most recent first, without duplicates, at most ten, across restarts', () => {
    const file = join(dir, 'workspaces.json');
    const r = new RecentWorkspaces(file);
    for (let i = 0; i < 12; i++) r.remember(join(dir, `w${i}.db`));
    r.remember(join(dir, 'w5.db'));
    const again = new RecentWorkspaces(file);
    expect(again.list()).toHaveLength(MAX_RECENT);
    expect(again.last()).toBe(join(dir, 'w5.db'));
    expect(again.list().filter((p) => p.endsWith('w5.db'))).toHaveLength(1);
    again.forget(join(dir, 'w5.db'));
    expect(new RecentWorkspaces(file).last()).toBe(join(dir, 'w11.db'));
    again.clear();
    expect(new RecentWorkspaces(file).list()).toEqual([]);
  });

  it('a damaged list is an empty one, not a failed start', () => {
    const file = join(dir, 'workspaces.json');
    writeFileSync(file, '{not json');
    expect(new RecentWorkspaces(file).list()).toEqual([]);
    writeFileSync(file, JSON.stringify({ recent: ['/ok.db', 42, '', null] }));
    expect(new RecentWorkspaces(file).list()).toEqual(['/ok.db']);
  });

  it('reopens the last workspace when it still exists, else the default one', () => {
    const r = new RecentWorkspaces(join(dir, 'workspaces.json'));
    expect(startupWorkspace(r, '/default.db')).toBe('/default.db');
    const last = join(dir, 'last.db');
    writeFileSync(last, '');
    r.remember(last);
    expect(startupWorkspace(r, '/default.db')).toBe(last);
    rmSync(last);
    expect(startupWorkspace(r, '/default.db')).toBe('/default.db');
  });

  it.each(['linux', 'darwin', 'win32'] as const)('the first-start workspace on %s is the same file `gatehouse serve` uses', (platform) => {
    const env = { APPDATA: 'C:\\Users\\a\\AppData\\Roaming', XDG_DATA_HOME: '/home/a/.data' };
    expect(defaultWorkspacePath(env, platform)).toBe(defaultDbPath(env, platform));
    expect(defaultWorkspacePath({}, platform)).toBe(defaultDbPath({}, platform));
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('remembers size and position', () => {
    const file = join(dir, 'window-state.json');
    writeWindowState(file, { bounds: { x: 100, y: 50, width: 1400, height: 900 }, maximized: true });
    const state = readWindowState(file);
    expect(state).toEqual({ bounds: { x: 100, y: 50, width: 1400, height: 900 }, maximized: true });
    expect(restoreBounds(state, screen)).toEqual({ x: 100, y: 50, width: 1400, height: 900 });
  });

  it('opens at the default size when nothing is stored or the file is damaged', () => {
    writeFileSync(join(dir, 'bad.json'), '[]');
    expect(restoreBounds(readWindowState(join(dir, 'missing.json')), screen)).toEqual(DEFAULT_SIZE);
    expect(restoreBounds(readWindowState(join(dir, 'bad.json')), screen)).toEqual(DEFAULT_SIZE);
  });

  it('drops a position that is off every display (an unplugged monitor) and keeps a usable size', () => {
    expect(restoreBounds({ bounds: { x: 3000, y: 0, width: 1280, height: 800 }, maximized: false }, screen)).toEqual({ width: 1280, height: 800 });
    expect(restoreBounds({ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }, screen)).toMatchObject({ width: 800, height: 560 });
  });
});

describe('Electron-ABI SQLite module', () => {
  it('plain Node uses node_modules; Electron uses native/electron-abi<ABI>', () => {
    expect(sqliteBindingFor({ ...process.versions, electron: undefined } as never, '/app')).toBeUndefined();
    expect(sqliteBindingFor({ ...process.versions, electron: '45.5.0', modules: '150' }, '/app')).toBe('/app/native/electron-abi150/better_sqlite3.node');
  });
});

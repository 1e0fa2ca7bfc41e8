import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuActions } from '../../src-main/menu.js';
import { aboutText, issuerUrl, statusMenuTemplate, windowTitle } from '../../src-main/status.js';

const actions = (): MenuActions => ({
  newWorkspace: vi.fn(),
  openWorkspace: vi.fn(),
  openRecent: vi.fn(),
  clearRecent: vi.fn(),
  saveCopy: vi.fn(),
  revealWorkspace: vi.fn(),
  copyOrgUrl: vi.fn(),
  copyIssuerUrl: vi.fn(),
  openInBrowser: vi.fn(),
  restartServer: vi.fn(),
  openLogFolder: vi.fn(),
  about: vi.fn(),
});

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const i of items) {
    if (i.label === label) return i;
    if (Array.isArray(i.submenu)) {
      const hit = find(i.submenu, label);
      if (hit) return hit;
    }
  }
  return undefined;
}

const ctx = { platform: 'linux' as const, appName: 'Gatehouse', recent: ['/a/one.db', '/b/two.db'], hasWorkspace: true, serverRunning: true, devTools: false };

describe('application menu', () => {
  it('has the File commands with standard shortcuts', () => {
    const t = buildMenuTemplate(actions(), ctx);
    expect(find(t, 'New Workspace…')?.accelerator).toBe('CmdOrCtrl+N');
    expect(find(t, 'Open Workspace…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(find(t, 'Save a Copy As…')?.accelerator).toBe('CmdOrCtrl+Shift+S');
    expect(find(t, 'Show in Folder')).toBeDefined();
    expect(t.map((i) => i.label ?? i.role)).toEqual(['&File', '&Edit', '&View', '&Server', '&Window', 'help']);
    expect(JSON.stringify(t)).not.toContain('toggleDevTools');
  });

  it('Open Recent lists the workspaces and opens the one chosen', () => {
    const a = actions();
    const t = buildMenuTemplate(a, ctx);
    const recent = find(t, 'Open Recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => i.label)).toEqual(['one.db — /a/one.db', 'two.db — /b/two.db', undefined, 'Clear Recent']);
    (recent[1]!.click as () => void)();
    expect(a.openRecent).toHaveBeenCalledWith('/b/two.db');
    const none = find(buildMenuTemplate(a, { ...ctx, recent: [] }), 'Open Recent')!.submenu as MenuItemConstructorOptions[];
    expect(none).toEqual([{ label: 'No recent workspaces', enabled: false }]);
  });

  it('disables server commands while no server runs', () => {
    const t = buildMenuTemplate(actions(), { ...ctx, serverRunning: false });
    expect(find(t, 'Copy Issuer URL (default)')?.enabled).toBe(false);
    expect(find(t, 'Save a Copy As…')?.enabled).toBe(false);
  });

  it('on macOS: an app menu with About and the standard roles, Reveal in Finder', () => {
    const t = buildMenuTemplate(actions(), { ...ctx, platform: 'darwin', devTools: true });
    expect(t[0]!.label).toBe('Gatehouse');
    expect(find(t, 'About Gatehouse')).toBeDefined();
    expect(find(t, 'Reveal in Finder')).toBeDefined();
    expect(JSON.stringify(t)).toContain('toggleDevTools');
  });
});

describe('tray / dock status', () => {
  it('shows where the server runs and copies the issuer URL', () => {
    const copy = vi.fn();
    const t = statusMenuTemplate({ state: 'running', url: 'http://127.0.0.1:7654', workspace: '/w.db' }, { showWindow: vi.fn(), copy, restartServer: vi.fn(), quit: vi.fn() }, true);
    expect(t[0]).toEqual({ label: 'Gatehouse: serving http://127.0.0.1:7654', enabled: false });
    (t.find((i) => i.label === 'Copy Issuer URL (default)')!.click as () => void)();
    expect(copy).toHaveBeenCalledWith('http://127.0.0.1:7654/oauth2/default');
    expect(t.at(-1)!.label).toBe('Quit Gatehouse');
  });

  it('after a crash offers a restart and no URLs', () => {
    const t = statusMenuTemplate({ state: 'crashed', workspace: '/w.db' }, { showWindow: vi.fn(), copy: vi.fn(), restartServer: vi.fn(), quit: vi.fn() }, false);
    expect(t[0]!.label).toBe('Gatehouse: the server stopped unexpectedly');
    expect(t.find((i) => i.label === 'Copy Org URL')!.enabled).toBe(false);
    expect(t.find((i) => i.label === 'Restart Server')!.enabled).toBe(true);
  });

  it('the title names the workspace; About names the versions', () => {
    expect(windowTitle('/home/a/orders.db', { state: 'running', url: 'http://127.0.0.1:7654', workspace: '/home/a/orders.db' })).toBe('orders.db (/home/a/orders.db) — Gatehouse — http://127.0.0.1:7654');
    expect(windowTitle(undefined, { state: 'starting' })).toBe('Gatehouse');
    expect(issuerUrl('http://h:1', 'aus1')).toBe('http://h:1/oauth2/aus1');
    expect(aboutText({ app: '0.1.0', electron: '45.5.0', chrome: '142', node: '22', workspace: '/w.db', url: 'http://127.0.0.1:7654' })).toContain('Electron 45.5.0 · Chromium 142 · Node 22');
  });
});

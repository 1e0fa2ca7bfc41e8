/*
 * The desktop app end to end with Playwright's _electron: `npm run test:electron`. It runs where
 * an Electron binary exists (and on Linux a display: `xvfb-run npm run test:electron`); elsewhere it
 * is skipped with a message saying why. It never triggers Electron's download itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuildElectronSqlite } from '../../scripts/rebuild-electron-sqlite.mjs';

const root = join(import.meta.dirname, '../..');

function electronPath(): string | undefined {
  if (process.env.ELECTRON_PATH && existsSync(process.env.ELECTRON_PATH)) return process.env.ELECTRON_PATH;
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return undefined;
  const p = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? p : undefined;
}

const executablePath = electronPath();
if (!executablePath) {
  process.stderr.write(
    'test:electron: skipped: no Electron binary (node_modules/electron/dist is missing; run "npx install-electron --no" with network access, or set ELECTRON_PATH).\n',
  );
}

describe.skipIf(!executablePath)('the desktop app', () => {
  let app: ElectronApplication;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    await rebuildElectronSqlite();
    home = mkdtempSync(join(tmpdir(), 'gatehouse-electron-'));
    app = await _electron.launch({
      executablePath,
      args: [root, `--user-data-dir=${join(home, 'user-data')}`],
      env: { ...process.env, XDG_DATA_HOME: join(home, 'data'), HOME: home },
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('opens the workbench signed in, on the demo workspace', async () => {
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/(#.*)?$/, { timeout: 60_000 });
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toMatch(/Authorization Servers/);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getTitle())).toContain('workspace.db');
    await page.screenshot({ path: join(root, 'test-results/electron-workbench.png') });
  });

  it('the page gets the small preload API and no Node', async () => {
    const shape = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { gatehouse: object }).gatehouse).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(shape.keys).toContain('serverInfo');
    expect(shape.require).toBe('undefined');
    expect(shape.process).toBe('undefined');
    const info = await page.evaluate(() => (window as unknown as { gatehouse: { serverInfo(): Promise<{ serverUrl: string }> } }).gatehouse.serverInfo());
    expect(info.serverUrl).toBe(new URL(page.url()).origin);
  });

  it('a link to another site does not navigate the window', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });
});

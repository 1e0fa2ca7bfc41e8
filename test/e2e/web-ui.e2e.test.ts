/**
 * The web UI as a person sees it: the server (in-process, on a temp workspace) serves the built
 * renderer (out/renderer, built by the global setup), and headless Chromium opens it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const RESULTS_DIR = join(ROOT, 'test-results');

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  server = await startServer({
    db: join(dir, 'workspace.db'),
    port: 0,
    host: '127.0.0.1',
    apiToken: 'e2e-admin-token-0123456789',
    seed: 'none',
    logLevel: 'silent',
    rendererDir: RENDERER_DIR,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the placeholder page shows Gatehouse and where the authorization server runs, with no errors and no outside traffic', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  const foreignRequests: string[] = [];
  const requested: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
    requested.push(req.url());
    if (url.hostname !== '127.0.0.1') foreignRequests.push(req.url());
  });
  page.on('requestfailed', (req) => failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
  });

  try {
    const res = await page.goto(server.url, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);

    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor({ state: 'visible', timeout: 10_000 });
    expect((await heading.textContent())?.trim()).toBe('Gatehouse');

    const status = page.getByTestId('server-status');
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await status.innerText()).replace(/\s+/g, ' ').trim();
    expect(text).toContain(`is running at ${server.url}`);
    expect(text).toMatch(/^Authorization server Gatehouse \S+ is running at /);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.waitForLoadState('networkidle');
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'web-ui-placeholder.png'), fullPage: true });

    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(foreignRequests).toEqual([]);
    // The page really went through the server: the document, its bundle and the info call.
    expect(requested).toContain(`${server.url}/`);
    expect(requested).toContain(`${server.url}/api/v1/gatehouse/info`);
  } finally {
    await context.close();
  }
});

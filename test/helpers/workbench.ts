import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * A workbench page signed in by a one-time URL, with what a person would call a problem recorded:
 * console errors, page errors, failed requests and requests to any host but 127.0.0.1. A search
 * superseded by the next keystroke is aborted on purpose (net::ERR_ABORTED) and is not a problem.
 */
export async function openWorkbench(browser: Browser, loginUrl: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== '127.0.0.1') problems.push(`foreign request: ${req.url()}`);
  });
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  const res = await page.goto(loginUrl, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.getByRole('heading', { level: 1, name: 'Authorization Servers' }).waitFor({ timeout: 10_000 });
  return { context, page, problems };
}

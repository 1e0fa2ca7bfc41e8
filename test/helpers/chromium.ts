import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found for the browser tests. Install one: `sudo apt-get install -y chromium` (Debian/Ubuntu) ' +
  'or `npx playwright install chromium`, or set CHROMIUM_PATH.';

/**
 * The path of a usable Chromium: $CHROMIUM_PATH, else a system one, else the one playwright-core's
 * registry would use if it has been downloaded. Throws, saying how to get one, when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there. ${NO_CHROMIUM_MESSAGE}`);
  }
  for (const path of SYSTEM_CHROMIUMS) if (existsSync(path)) return path;
  let registryPath: string | undefined;
  try {
    registryPath = chromium.executablePath();
  } catch {
    registryPath = undefined;
  }
  if (registryPath && existsSync(registryPath)) return registryPath;
  throw new Error(NO_CHROMIUM_MESSAGE);
}

/** Headless Chromium with a fresh temporary profile and no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

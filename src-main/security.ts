import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/*
 * Electron's security checklist, in code (README "Desktop app" lists each point and where it is met).
 * The window only ever shows the workbench that the app's own server serves on 127.0.0.1; all else
 * is either refused or handed to the system browser.
 */

/** The same policy as src-renderer/index.html's meta tag, sent as a header too (checklist 7). */
export const WORKBENCH_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; " +
  "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
  "form-action 'self'; frame-ancestors 'none'";

export function secureWebPreferences(preload: string, appVersion: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    // Read by the preload (process.argv works in a sandboxed preload; no sync IPC needed).
    additionalArguments: [`--gatehouse-version=${appVersion}`],
  };
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Pages of the server that the window itself may show: the workbench and its sign-in link. */
const IN_WINDOW_PATHS = new Set(['/', '/index.html', '/gatehouse/login']);

/** Checklist 13: the window navigates only within the workbench of the current server. */
export function isInAppNavigation(url: string, serverOrigin: string | undefined): boolean {
  const u = parse(url);
  return !!u && !!serverOrigin && u.origin === serverOrigin && IN_WINDOW_PATHS.has(u.pathname);
}

/**
 * Checklist 15: what may be handed to the system browser or mail client. Only web and mail links
 * with no credentials in them; never file:, javascript:, custom schemes or anything unparsable.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'mailto:') return true;
  return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && u.hostname !== '';
}

export interface GuardOptions {
  serverOrigin: () => string | undefined;
  openExternal: (url: string) => void;
}

/**
 * Checklist 11-14: navigation, new windows and <webview> for one window's contents. Links that
 * leave the workbench open in the system browser instead.
 */
export function guardWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, opts: GuardOptions): void {
  contents.on('will-navigate', (event, url) => {
    if (isInAppNavigation(url, opts.serverOrigin())) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) opts.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (isInAppNavigation(url, opts.serverOrigin())) return;
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) opts.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The permissions the workbench uses: its copy buttons write to the clipboard. Nothing else. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string, serverOrigin: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && parse(requestingUrl)?.origin === serverOrigin && serverOrigin !== undefined;
}

/** Response headers with the CSP added, for a response from the current server (checklist 7). */
export function withCsp(url: string, headers: Record<string, string[]> | undefined, serverOrigin: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = { ...(headers ?? {}) };
  if (serverOrigin && parse(url)?.origin === serverOrigin) {
    for (const k of Object.keys(out)) if (k.toLowerCase() === 'content-security-policy') delete out[k];
    out['Content-Security-Policy'] = [WORKBENCH_CSP];
  }
  return out;
}

/** Checklist 5 and 7 for the window's session. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>, serverOrigin: () => string | undefined): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL(), serverOrigin()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, serverOrigin()));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.url, details.responseHeaders, serverOrigin()) });
  });
}

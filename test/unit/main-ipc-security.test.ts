import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { CHANNELS, type Channel } from '../../src-main/desktop-api.js';
import { guardedHandler, registerIpc, type DesktopActions, type TrustedCaller } from '../../src-main/ipc.js';
import { guardWebContents, hardenSession, isInAppNavigation, isSafeExternalUrl, secureWebPreferences, withCsp, WORKBENCH_CSP } from '../../src-main/security.js';
import { CRASH_PAGE_CSP, CRASH_SCRIPT_HASH, crashPageHtml, crashPageUrl } from '../../src-main/crash-page.js';
import { createHash } from 'node:crypto';

const ORIGIN = 'http://127.0.0.1:7654';
const CRASH = crashPageUrl({ workspace: '/w.db', exitCode: 1, logFolder: '/logs' });

function actions(): DesktopActions & { calls: string[] } {
  const calls: string[] = [];
  const done = (name: string) => async () => (calls.push(name), { status: 'cancelled' as const });
  return {
    calls,
    serverInfo: () => (calls.push('serverInfo'), { serverUrl: ORIGIN, issuerUrl: `${ORIGIN}/oauth2/default`, workspace: '/w.db' }),
    openExternal: async (url) => (calls.push(`openExternal ${url}`), true),
    newWorkspace: done('newWorkspace'),
    openWorkspace: done('openWorkspace'),
    saveWorkspaceCopy: done('saveWorkspaceCopy'),
    saveTextFile: async (name, text) => (calls.push(`saveTextFile ${name} ${text.length}`), { status: 'cancelled' }),
    restartServer: async () => void calls.push('restartServer'),
  };
}

const trust: TrustedCaller = { windowContentsId: () => 1, serverOrigin: () => ORIGIN, crashPageUrl: () => CRASH };
const from = (url: string, o: { id?: number; parent?: unknown } = {}) => ({ sender: { id: o.id ?? 1 }, senderFrame: { url, parent: o.parent ?? null } }) as never;

async function call(channel: Channel, event: never, ...args: unknown[]) {
  const a = actions();
  const result = await guardedHandler(channel, a, trust)(event, ...args).then(
    (v) => ({ ok: true as const, v }),
    (e: Error) => ({ ok: false as const, e: e.message }),
  );
  return { result, calls: a.calls };
}

describe('IPC: the sender is checked', () => {
  it('answers the workbench of the current server', async () => {
    const { result, calls } = await call(CHANNELS.serverInfo, from(`${ORIGIN}/#/users`));
    expect(result).toEqual({ ok: true, v: { serverUrl: ORIGIN, issuerUrl: `${ORIGIN}/oauth2/default`, workspace: '/w.db' } });
    expect(calls).toEqual(['serverInfo']);
  });

  it.each([
    ['another origin', from('https://evil.example/'), CHANNELS.serverInfo],
    ['another port on loopback', from('http://127.0.0.1:9999/'), CHANNELS.serverInfo],
    ['an iframe of the workbench', from(`${ORIGIN}/`, { parent: {} }), CHANNELS.serverInfo],
    ['another web contents', from(`${ORIGIN}/`, { id: 2 }), CHANNELS.serverInfo],
    ['a file: page', from('file:///etc/passwd'), CHANNELS.serverInfo],
    ['the crash page, for anything but restart or a link', from(CRASH), CHANNELS.openWorkspace],
    ['a data: page that is not our crash page', from('data:text/html,hi'), CHANNELS.restartServer],
  ])('refuses %s and does nothing', async (_name, event, channel) => {
    const { result, calls } = await call(channel, event);
    expect(result).toEqual({ ok: false, e: `${channel}: not allowed from this page` });
    expect(calls).toEqual([]);
  });

  it('lets the crash page restart the server', async () => {
    const { result, calls } = await call(CHANNELS.restartServer, from(CRASH));
    expect(result.ok).toBe(true);
    expect(calls).toEqual(['restartServer']);
  });

  it('refuses everything when no server runs', async () => {
    const a = actions();
    const r = await guardedHandler(CHANNELS.serverInfo, a, { ...trust, serverOrigin: () => undefined })(from(`${ORIGIN}/`)).catch((e: Error) => e.message);
    expect(r).toContain('not allowed');
  });
});

describe('IPC: the input is checked', () => {
  const ok = from(`${ORIGIN}/`);
  it.each([
    [CHANNELS.openExternal, ['javascript:alert(1)']],
    [CHANNELS.openExternal, ['file:///etc/passwd']],
    [CHANNELS.openExternal, [42]],
    [CHANNELS.openExternal, ['https://example.com', 'extra']],
    [CHANNELS.openExternal, [`https://example.com/${'a'.repeat(3000)}`]],
    [CHANNELS.saveTextFile, ['../../.bashrc', 'x']],
    [CHANNELS.saveTextFile, ['a/b.json', 'x']],
    [CHANNELS.saveTextFile, ['', 'x']],
    [CHANNELS.saveTextFile, ['token.txt', { not: 'text' }]],
    [CHANNELS.saveTextFile, ['big.txt', 'x'.repeat(10 * 1024 * 1024 + 1)]],
    [CHANNELS.openWorkspace, ['/etc/passwd']],
    [CHANNELS.restartServer, [true]],
  ] as [Channel, unknown[]][])('%s refuses %j', async (channel, args) => {
    const { result, calls } = await call(channel, ok, ...args);
    expect(result.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('passes good input through', async () => {
    expect((await call(CHANNELS.openExternal, ok, 'https://developer.okta.com/docs/')).calls).toEqual(['openExternal https://developer.okta.com/docs/']);
    expect((await call(CHANNELS.saveTextFile, ok, 'token.json', '{}')).calls).toEqual(['saveTextFile token.json 2']);
  });

  it('registers one handler per channel of the preload API', () => {
    const handled: string[] = [];
    registerIpc({ handle: (c) => void handled.push(c) }, actions(), trust);
    expect(handled.sort()).toEqual(Object.values(CHANNELS).sort());
  });
});

describe('BrowserWindow security options', () => {
  it('isolate, sandbox and keep Node out of the page', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs', '1.2.3');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.additionalArguments).toEqual(['--gatehouse-version=1.2.3']);
  });
});

describe('navigation guards', () => {
  function contents() {
    const c = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => void; openHandler?: (d: { url: string }) => { action: string } };
    c.setWindowOpenHandler = (h) => (c.openHandler = h);
    const opened: string[] = [];
    guardWebContents(c as never, { serverOrigin: () => ORIGIN, openExternal: (u) => void opened.push(u) });
    const navigate = (event: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      c.emit(event, e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    return { c, opened, navigate };
  }

  it('lets the window move within the workbench and its sign-in link', () => {
    const { navigate, opened } = contents();
    expect(navigate('will-navigate', `${ORIGIN}/`)).toBe(false);
    expect(navigate('will-navigate', `${ORIGIN}/gatehouse/login?token=x`)).toBe(false);
    expect(navigate('will-redirect', `${ORIGIN}/`)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('sends other web links to the system browser instead, and drops the rest', () => {
    const { navigate, opened } = contents();
    expect(navigate('will-navigate', 'https://developer.okta.com/')).toBe(true);
    expect(navigate('will-navigate', `${ORIGIN}/oauth2/default/.well-known/openid-configuration`)).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', 'http://127.0.0.1:9999/')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(opened).toEqual(['https://developer.okta.com/', `${ORIGIN}/oauth2/default/.well-known/openid-configuration`, 'http://127.0.0.1:9999/']);
  });

  it('never opens a new Electron window; web links go to the system browser', () => {
    const { c, opened } = contents();
    expect(c.openHandler!({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(c.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/docs']);
  });

  it('refuses to attach a <webview>', () => {
    const { c } = contents();
    const e = { preventDefault: vi.fn() };
    c.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('isInAppNavigation and isSafeExternalUrl', () => {
    expect(isInAppNavigation(`${ORIGIN}/index.html`, ORIGIN)).toBe(true);
    expect(isInAppNavigation(`${ORIGIN}/`, undefined)).toBe(false);
    expect(isSafeExternalUrl('mailto:a@example.com')).toBe(true);
    expect(isSafeExternalUrl('https://user:pw@example.com/')).toBe(false);
    expect(isSafeExternalUrl('gatehouse://x')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });
});

describe('CSP and permissions', () => {
  it('adds the workbench CSP to the current server\'s responses, replacing any other', () => {
    const h = withCsp(`${ORIGIN}/`, { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, ORIGIN);
    expect(h).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [WORKBENCH_CSP] });
    expect(WORKBENCH_CSP).toContain("script-src 'self'");
    expect(WORKBENCH_CSP).toContain("object-src 'none'");
    expect(withCsp('https://elsewhere.example/', {}, ORIGIN)).toEqual({});
  });

  it('the session grants only clipboard writes, only to the workbench, and sets the CSP header', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void) | undefined;
    let check: ((c: unknown, p: string, origin: string) => boolean) | undefined;
    let headers: ((d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    hardenSession(
      {
        setPermissionRequestHandler: (h: typeof request) => (request = h),
        setPermissionCheckHandler: (h: typeof check) => (check = h),
        webRequest: { onHeadersReceived: (h: typeof headers) => (headers = h) },
      } as never,
      () => ORIGIN,
    );
    const ask = (p: string, url: string) => {
      let answer: boolean | undefined;
      request!({ getURL: () => url }, p, (ok) => (answer = ok), { requestingUrl: url });
      return answer;
    };
    expect(ask('clipboard-sanitized-write', `${ORIGIN}/`)).toBe(true);
    expect(ask('media', `${ORIGIN}/`)).toBe(false);
    expect(ask('geolocation', `${ORIGIN}/`)).toBe(false);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check!({}, 'notifications', ORIGIN)).toBe(false);
    let out: Record<string, string[]> | undefined;
    headers!({ url: `${ORIGIN}/`, responseHeaders: {} }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'Content-Security-Policy': [WORKBENCH_CSP] });
  });

  it('the crash page runs only its own script (by hash), loads nothing, and escapes what it shows', () => {
    const html = crashPageHtml({ workspace: '/tmp/<script>alert(1)</script>.db', exitCode: 134, logFolder: '/logs' });
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(CRASH_SCRIPT_HASH).toBe(`sha256-${createHash('sha256').update(script).digest('base64')}`);
    expect(CRASH_PAGE_CSP).toContain("default-src 'none'");
    expect(html).toContain(`content="${CRASH_PAGE_CSP}"`);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('exit code 134');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

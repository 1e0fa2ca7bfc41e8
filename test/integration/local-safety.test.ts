/*
 * Gatehouse runs on a developer's machine: other web pages the developer visits must not be able
 * to drive it (DNS rebinding via a foreign Host, cross-origin fetches), and by default it must not
 * be reachable from the network. Host and Origin are set with node:http, which (unlike fetch)
 * sends them as given.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { snapshot, startTestServer, TEST_TOKEN, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

let s: TestServer;
let port: number;
let partnersId: string;
let made = 0;

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  port = Number(new URL(s.url).port);
  const groups = (await (await s.api('/api/v1/groups?q=Partners')).json()) as { id: string }[];
  partnersId = groups[0]!.id;
});

afterAll(async () => {
  await s?.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

/** One HTTP/1.1 request to the test server's socket, with exactly the headers given (Host included). */
function raw(opts: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: unknown; token?: boolean; address?: string; port?: number }): Promise<RawResponse> {
  const headers: Record<string, string> = { host: opts.host ?? `127.0.0.1:${port}`, accept: 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `SSWS ${TEST_TOKEN}`;
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: opts.address ?? '127.0.0.1', port: opts.port ?? port, method: opts.method ?? 'GET', path: opts.path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function expectOktaError(r: RawResponse, status: number): { errorCode: string; errorSummary: string } {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/json(;|$)/);
  const body = r.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary']);
  expect(body.errorCode).toMatch(/^E\d{7}$/);
  expect(body.errorLink).toBe(body.errorCode);
  expect(body.errorId).toMatch(/^oae/);
  return body as { errorCode: string; errorSummary: string };
}

const newGroup = (name: string) => ({ profile: { name, description: 'made by local-safety' } });
const adaLogin = () => ({ username: 'ada@example.com', password: DEMO_PASSWORD });

/** Requests that would read or change something if they were answered. */
const SENSITIVE: { name: string; method: string; path: () => string; token: boolean; body?: () => unknown }[] = [
  { name: 'list users', method: 'GET', path: () => '/api/v1/users', token: true },
  { name: 'create a group', method: 'POST', path: () => '/api/v1/groups', token: true, body: () => newGroup('Rebound group') },
  { name: 'delete a group', method: 'DELETE', path: () => `/api/v1/groups/${partnersId}`, token: true },
  { name: 'rotate keys', method: 'POST', path: () => '/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate', token: true, body: () => ({ use: 'sig' }) },
  { name: 'sign in with the authn API', method: 'POST', path: () => '/api/v1/authn', token: false, body: adaLogin },
  { name: 'read the public info', method: 'GET', path: () => '/api/v1/gatehouse/info', token: false },
];

describe('Host header (DNS rebinding)', () => {
  const foreign = (p: number) => [
    `evil.example:${p}`,
    'evil.example',
    `127.0.0.1.evil.example:${p}`,
    `localhost.evil.example:${p}`,
    `localhost@evil.example:${p}`,
    `192.0.2.77:${p}`,
  ];
  test.each(SENSITIVE)('a foreign Host is refused with 403 and changes nothing: $name', async (c) => {
    for (const host of foreign(port)) {
      const before = snapshot(s);
      const r = await raw({ method: c.method, path: c.path(), host, token: c.token, body: c.body?.() });
      const err = expectOktaError(r, 403);
      expect(err.errorCode, host).toBe('E0000006');
      expect(r.text).not.toMatch(/sessionToken|ada@example\.com|"kid"/);
      expect(snapshot(s) === before, `${c.method} ${c.path()} with Host ${host} changed the database`).toBe(true);
    }
  });
  test('a foreign Host is refused outside /api/v1 too', async () => {
    for (const p of ['/', '/index.html', '/oauth2/default/.well-known/openid-configuration', '/oauth2/v1/keys']) {
      const r = await raw({ path: p, host: `evil.example:${port}` });
      expect(r.status, `GET ${p}`).toBe(403);
    }
  });
  test.each(['localhost', '127.0.0.1', 'LocalHost', '[::1]'])('Host %s:PORT is accepted', async (name) => {
    const h = `${name}:${port}`;
    const list = await raw({ path: '/api/v1/users', host: h, token: true });
    expect(list.status, list.text.slice(0, 300)).toBe(200);
    expect((list.json() as unknown[]).length).toBeGreaterThan(0);
    const created = await raw({ method: 'POST', path: '/api/v1/groups', host: h, token: true, body: newGroup(`Made via an accepted Host #${++made}`) });
    expect(created.status, created.text.slice(0, 300)).toBe(200);
    const info = await raw({ path: '/api/v1/gatehouse/info', host: h });
    expect(info.status).toBe(200);
  });
});

describe('Origin header (cross-origin browser requests)', () => {
  const foreignOrigins = (p: number) => [
    'http://evil.example',
    'https://evil.example',
    'null',
    `http://127.0.0.1:${p + 1}`,
    `https://127.0.0.1:${p}`,
    `http://127.0.0.1.evil.example:${p}`,
  ];
  test.each(SENSITIVE)('a foreign Origin is refused with 403, without CORS headers, and changes nothing: $name', async (c) => {
    for (const origin of foreignOrigins(port)) {
      const before = snapshot(s);
      const r = await raw({ method: c.method, path: c.path(), token: c.token, body: c.body?.(), headers: { origin } });
      expectOktaError(r, 403);
      expect(r.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(r.headers['access-control-allow-credentials'], origin).toBeUndefined();
      expect(r.text).not.toMatch(/sessionToken|ada@example\.com|"kid"/);
      expect(snapshot(s) === before, `${c.method} ${c.path()} from ${origin} changed the database`).toBe(true);
    }
  });
  test('a CORS preflight from a foreign Origin is refused and grants nothing', async () => {
    const r = await raw({
      method: 'OPTIONS',
      path: `/api/v1/groups/${partnersId}`,
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
    });
    expect(r.status).toBe(403);
    for (const h of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-allow-credentials']) {
      expect(r.headers[h], h).toBeUndefined();
    }
  });
  test('the same-origin Origin is accepted', async () => {
    const r = await raw({ path: '/api/v1/users', token: true, headers: { origin: s.url } });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const created = await raw({ method: 'POST', path: '/api/v1/groups', token: true, headers: { origin: s.url }, body: newGroup('Made same-origin') });
    expect(created.status, created.text.slice(0, 300)).toBe(200);
  });
  test('the same-origin Origin is accepted when the UI is opened as http://localhost:PORT', async () => {
    // A page served from http://localhost:PORT (an accepted Host) sends that Origin on its own POSTs.
    const r = await raw({ method: 'POST', path: '/api/v1/groups', host: `localhost:${port}`, token: true, headers: { origin: `http://localhost:${port}` }, body: newGroup('Made from localhost UI') });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
  });
});

describe('public endpoints', () => {
  test('/api/v1/authn works without the admin token', async () => {
    const r = await raw({ method: 'POST', path: '/api/v1/authn', body: adaLogin() });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    const body = r.json() as { status: string; sessionToken: string; _embedded: { user: { profile: { login: string } } } };
    expect(body.status).toBe('SUCCESS');
    expect(body.sessionToken).toMatch(/^\S{20,}$/);
    expect(body._embedded.user.profile.login).toBe('ada@example.com');
  });
  test('/api/v1/authn with a wrong password answers E0000004, not a token error', async () => {
    const r = await raw({ method: 'POST', path: '/api/v1/authn', body: { username: 'grace@example.com', password: 'Not-The-Password-1' } });
    const err = expectOktaError(r, 401);
    expect(err.errorCode).toBe('E0000004');
    expect(err.errorSummary).toBe('Authentication failed');
  });
  test('/api/v1/gatehouse/info is public and holds no secrets', async () => {
    const r = await raw({ path: '/api/v1/gatehouse/info' });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json(;|$)/);
    const info = r.json() as Record<string, unknown>;
    expect(info.name).toBe('Gatehouse');
    expect(info.version).toBeTypeOf('string');

    // Nothing that looks like a credential, by name…
    const keys: string[] = [];
    const walk = (v: unknown) => {
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { keys.push(k); walk(x); }
    };
    walk(info);
    expect(keys.filter((k) => /token|secret|password|hash|key|credential|private/i.test(k))).toEqual([]);
    // …or by value: the admin token and its stored hash, app secrets, password hashes, private keys.
    const apps = (await (await s.api('/api/v1/apps')).json()) as { credentials: { oauthClient: { client_secret?: string } } }[];
    const secrets = apps.map((a) => a.credentials.oauthClient.client_secret).filter((x): x is string => !!x);
    expect(secrets.length).toBeGreaterThan(0);
    const hash = s.server.ctx.adminTokenHash;
    for (const secret of [TEST_TOKEN, hash.toString('base64url'), hash.toString('base64'), hash.toString('hex'), DEMO_PASSWORD, ...secrets]) {
      expect(r.text.includes(secret), 'info leaks a secret').toBe(false);
    }
    expect(r.text).not.toMatch(/scrypt\$|PRIVATE KEY|"d"\s*:/);
  });
});

describe('X-Okta-Request-Id', () => {
  test('every response carries one, and they differ', async () => {
    const big = JSON.stringify({ profile: { name: 'x'.repeat(1_100_000) } });
    const cases: [string, Parameters<typeof raw>[0]][] = [
      ['200 list', { path: '/api/v1/users', token: true }],
      ['200 create', { method: 'POST', path: '/api/v1/groups', token: true, body: newGroup('Request id group') }],
      ['201 create', { method: 'POST', path: '/api/v1/authorizationServers/default/scopes', token: true, body: { name: 'reqid:scope' } }],
      ['204 lifecycle', { method: 'POST', path: '/api/v1/authorizationServers/default/lifecycle/activate', token: true }],
      ['200 info', { path: '/api/v1/gatehouse/info' }],
      ['200 authn', { method: 'POST', path: '/api/v1/authn', body: adaLogin() }],
      ['401 authn', { method: 'POST', path: '/api/v1/authn', body: { username: 'nobody@example.com', password: 'Whatever-123' } }],
      ['400 malformed', { method: 'POST', path: '/api/v1/groups', token: true, body: '{' }],
      ['400 validation', { method: 'POST', path: '/api/v1/groups', token: true, body: {} }],
      ['400 search', { path: '/api/v1/users?filter=status%20eq%20ACTIVE', token: true }],
      ['401 no token', { path: '/api/v1/users' }],
      ['403 host', { path: '/api/v1/users', token: true, host: `evil.example:${port}` }],
      ['403 origin', { path: '/api/v1/users', token: true, headers: { origin: 'http://evil.example' } }],
      ['403 lifecycle', { method: 'POST', path: '/api/v1/users/ada@example.com/lifecycle/activate', token: true }],
      ['404 id', { path: '/api/v1/users/00uNoSuchUser000000', token: true }],
      ['404 path', { path: '/api/v1/nothing', token: true }],
      ['404 outside the API', { path: '/nothing-here' }],
      ['405 method', { method: 'PATCH', path: '/api/v1/users', token: true }],
      ['413 body', { method: 'POST', path: '/api/v1/groups', token: true, body: big }],
      ['OPTIONS', { method: 'OPTIONS', path: '/api/v1/users' }],
      ['HEAD', { method: 'HEAD', path: '/api/v1/gatehouse/info' }],
    ];
    const seen = new Set<string>();
    const statuses: string[] = [];
    for (const [label, req] of cases) {
      const r = await raw(req);
      statuses.push(`${label}: ${r.status}`);
      const id = r.headers['x-okta-request-id'];
      expect(typeof id === 'string' && id.length >= 10, `${label} (${r.status}) has no X-Okta-Request-Id`).toBe(true);
      expect(seen.has(id as string), `${label}: request id reused`).toBe(false);
      seen.add(id as string);
    }
    // The list above is only meaningful if it really covers these outcomes.
    for (const status of [200, 201, 204, 400, 401, 403, 404, 405, 413]) {
      expect(statuses.some((x) => x.endsWith(`: ${status}`)), `no ${status} among ${statuses.join(', ')}`).toBe(true);
    }
  });
});

describe('network exposure', () => {
  /** True when a TCP connection to address:port is refused (nothing listens there). */
  function refused(address: string, p: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const sock = connect({ host: address, port: p });
      sock.setTimeout(2000);
      sock.once('connect', () => {
        sock.destroy();
        resolve(false);
      });
      sock.once('timeout', () => {
        sock.destroy();
        reject(new Error(`connecting to ${address}:${p} timed out`));
      });
      sock.once('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNREFUSED' || e.code === 'EADDRNOTAVAIL' || e.code === 'ENETUNREACH') resolve(true);
        else reject(e);
      });
    });
  }

  /** Addresses of this machine other than 127.0.0.1 (where a 0.0.0.0 or :: listener would answer). */
  function otherAddresses(): string[] {
    const out = process.platform === 'linux' ? ['127.0.0.2'] : [];
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') out.push(a.address);
    }
    return out;
  }

  test('the test server is on 127.0.0.1 and answers nowhere else', async () => {
    expect(new URL(s.url).hostname).toBe('127.0.0.1');
    expect(await refused('127.0.0.1', port)).toBe(false);
    const others = otherAddresses();
    expect(others.length, 'no other address to probe').toBeGreaterThan(0);
    for (const a of others) expect(await refused(a, port), `reachable on ${a}:${port}`).toBe(true);
  });

  test('`gatehouse serve` without --host listens on 127.0.0.1 only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-safety-'));
    const child = spawn(process.execPath, ['out/server/cli.js', '--port', '0', '--db', join(dir, 'workspace.db'), '--seed', 'none', '--log-level', 'silent', '--api-token', TEST_TOKEN], {
      cwd: join(import.meta.dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error(`no 'listening on' line in 10 s: ${out} ${err}`)), 10_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /listening on (\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`gatehouse exited with ${code}: ${out} ${err}`));
        });
      });
      const u = new URL(url);
      expect(u.hostname).toBe('127.0.0.1');
      const p = Number(u.port);
      const info = await raw({ path: '/api/v1/gatehouse/info', host: `127.0.0.1:${p}`, port: p });
      expect(info.status).toBe(200);
      for (const a of otherAddresses()) expect(await refused(a, p), `reachable on ${a}:${p}`).toBe(true);
      expect(await refused('::1', p), 'reachable on [::1]').toBe(true);
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

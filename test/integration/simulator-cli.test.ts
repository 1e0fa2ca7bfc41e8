import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * `gatehouse test` as a CI job runs it: the built CLI as a child process, on a workspace file with
 * saved scenarios and on a config file, observed by its exit code, its output and its JUnit XML.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'out', 'server', 'cli.js');
let dir = '';
let db = '';

function gatehouse(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-test-'));
  // A demo workspace with two saved scenarios: one that holds, one that a policy now breaks.
  const s = await startTestServer({ seed: 'demo', dir });
  db = s.dbFile;
  const orders = ((await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string }[]).find((x) => x.name === 'Orders API')!.id;
  const portal = ((await (await s.api('/api/v1/apps?q=Orders Portal')).json()) as { credentials: { oauthClient: { client_id: string } } }[])[0]!.credentials.oauthClient.client_id;
  const setup = { authServerId: orders, clientId: portal, flow: 'authorization_code', user: { username: 'ada@example.com', password: DEMO_PASSWORD }, scopes: ['openid', 'orders:read'] };
  for (const body of [
    { name: 'Ada reads orders', setup, expectations: [{ step: 'token', outcome: 'success', scopes: ['openid', 'orders:read'] }] },
    { name: 'Ada administers orders', setup: { ...setup, scopes: ['orders:admin'] }, expectations: [{ step: 'authorize', outcome: 'success' }] },
  ]) {
    expect((await s.api('/api/v1/gatehouse/scenarios', { method: 'POST', body: JSON.stringify(body) })).status).toBe(200);
  }
  await s.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function logEvents(file: string): number {
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare('SELECT count(*) AS n FROM log_events').get() as { n: number }).n;
  } finally {
    d.close();
  }
}

test('a failing scenario: exit 1, the reason in words, JUnit XML with one failure; the workspace untouched', async () => {
  const before = { events: logEvents(db), size: statSync(db).size };
  const xml = join(dir, 'results.xml');
  const r = await gatehouse(['test', '--db', db, '--reporter', 'text', '--reporter', 'junit', '--output', xml]);
  expect(r.code).toBe(1);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^✓ Ada reads orders \(\d+ ms\)$/);
  expect(lines[1]).toMatch(/^✗ Ada administers orders \(\d+ ms\)$/);
  expect(lines[2]).toBe('    step authorize: outcome: expected "success", got "error (access_denied)"');
  expect(lines.at(-1)).toBe('2 scenarios: 1 passed, 1 failed');
  const junit = readFileSync(xml, 'utf8');
  expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="gatehouse" tests="2" failures="1" errors="0" time="[\d.]+">/);
  expect(junit).toMatch(/<testcase classname="gatehouse.scenarios" name="Ada reads orders" time="[\d.]+"\/>/);
  expect(junit).toContain('<failure message="step authorize: outcome: expected &quot;success&quot;, got &quot;error (access_denied)&quot;" type="ExpectationFailed">');
  expect(junit).not.toContain(DEMO_PASSWORD);
  // The run used a copy: no tokens, codes or log events were added to the workspace.
  expect(logEvents(db)).toBe(before.events);
});

test('--scenario picks one; JUnit to standard output; exit 0 when it passes', async () => {
  const r = await gatehouse(['test', '--db', db, '--scenario', 'Ada reads orders', '--reporter', 'junit']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('tests="1" failures="0" errors="0"');
  expect(r.stdout).not.toContain('✓');
});

test('a config file: its scenarios run against a fresh workspace built from it, secrets from the environment', async () => {
  const env = { ORDERS_STAFF_PASSWORD: 'Staff-Passw0rd-1', ORDERS_ADMIN_PASSWORD: 'Admin-Passw0rd-1', FULFILMENT_CLIENT_SECRET: 'fulfilment-secret-0123456789' };
  const r = await gatehouse(['test', '--config', 'examples/orders-api/gatehouse.yaml'], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/scenarios?: (\d+) passed, 0 failed\n$/);
  const missing = await gatehouse(['test', '--config', 'examples/orders-api/gatehouse.yaml'], { ORDERS_STAFF_PASSWORD: '', ORDERS_ADMIN_PASSWORD: '', FULFILMENT_CLIENT_SECRET: '' });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no scenario ran');
});

test('bad flags, a missing workspace and an unknown scenario: exit 2 with one clear line', async () => {
  const bad = await gatehouse(['test', '--reporter', 'html']);
  expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, "gatehouse test: --reporter must be text or junit, not 'html'"]);
  const both = await gatehouse(['test', '--db', db, '--config', 'x.yaml']);
  expect([both.code, both.stderr.split('\n')[0]]).toEqual([2, 'gatehouse test: give --db or --config, not both']);
  const none = await gatehouse(['test', '--db', join(dir, 'nope.db')]);
  expect([none.code, none.stderr.split('\n')[0]]).toEqual([2, `gatehouse test: there is no workspace at ${join(dir, 'nope.db')} (give one with --db, or use --config)`]);
  const unknown = await gatehouse(['test', '--db', db, '--scenario', 'Nobody']);
  expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, "gatehouse test: no scenario named 'Nobody' (there are: 'Ada reads orders', 'Ada administers orders')"]);
});

test('a workspace with no scenarios fails the job rather than passing silently', async () => {
  const s = await startTestServer({ seed: 'none', dir: mkdtempSync(join(dir, 'empty-')) });
  const file = s.dbFile;
  await s.close();
  const r = await gatehouse(['test', '--db', file]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('there are no scenarios to run');
});

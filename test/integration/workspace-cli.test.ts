/**
 * `gatehouse diff`, `apply`, `import`, `export` and `serve --config` as processes, on the sample
 * repository layout in examples/orders-api: exit codes, output, and what the workspace holds after.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out', 'server', 'cli.js');
const EXAMPLE = join(ROOT, 'examples', 'orders-api');
const ENV = { ORDERS_STAFF_PASSWORD: 'Orders-Staff-Passw0rd', ORDERS_ADMIN_PASSWORD: 'Orders-Admin-Passw0rd', FULFILMENT_CLIENT_SECRET: 'fulfilment-secret-0123456789' };
const dirs: string[] = [];

/** A checkout of the sample repository: gatehouse.yaml at its root, the workspace under .gatehouse/. */
function repo(): { dir: string; config: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-repo-'));
  dirs.push(dir);
  copyFileSync(join(EXAMPLE, 'gatehouse.yaml'), join(dir, 'gatehouse.yaml'));
  return { dir, config: join(dir, 'gatehouse.yaml'), db: join(dir, '.gatehouse', 'workspace.db') };
}

function run(args: string[], env: Record<string, string> = ENV) {
  const child: NodeJS.ProcessEnv = { ...process.env, ...env, XDG_DATA_HOME: join(tmpdir(), 'gatehouse-no-default') };
  delete child.GATEHOUSE_CLI;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: child, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('gatehouse diff / apply on the sample repository', () => {
  test('diff on a new workspace lists what apply would create (exit 1) and writes nothing', () => {
    const r = repo();
    const diff = run(['diff', r.config, '--db', r.db]);
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toContain('+ create group "Orders Staff"');
    expect(diff.stdout).toContain('+ create app "Orders SPA"');
    expect(diff.stdout).toContain('+ create rule "Orders API / Orders apps / Admins may administer orders"');
    expect(diff.stdout).toMatch(/^\d+ changes: \d+ to create, 0 to update, 0 to delete\.$/m);
    expect(existsSync(r.db)).toBe(false);
  });

  test('apply creates, a second apply and diff find nothing to do (exit 0); an edit shows as one update', () => {
    const r = repo();
    const first = run(['apply', r.config, '--db', r.db]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Applied: \d+ to create, 0 to update, 0 to delete\.$/m);
    expect(statSync(r.db).mode & 0o777).toBe(0o600);

    const again = run(['apply', r.config, '--db', r.db]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('No changes: the workspace already matches the file.');
    const diff = run(['diff', r.config, '--db', r.db]);
    expect({ code: diff.code, out: diff.stdout.trim() }).toEqual({ code: 0, out: 'No changes: the workspace matches the file.' });

    writeFileSync(r.config, readFileSync(r.config, 'utf8').replace('description: Read your orders', 'description: Read all your orders').replace(/trustedOrigins:\n(  .*\n)+/, 'trustedOrigins: []\n'));
    const edited = run(['diff', r.config, '--db', r.db]);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('~ update scope "Orders API / orders:read" (description)');
    expect(edited.stdout).toContain('- delete trustedOrigin "Orders SPA (dev)"');
  });

  test('a broken file: every problem with its path on stderr, exit 2, the workspace untouched', () => {
    const r = repo();
    expect(run(['apply', r.config, '--db', r.db]).code).toBe(0);
    const before = readFileSync(r.db);
    writeFileSync(r.config, readFileSync(r.config, 'utf8').replace('groups: [Orders Staff]\n    password', 'groups: [Orders Stuff]\n    password').replace('include: [Fulfilment Service]', 'include: [Fulfillment Service]'));
    for (const verb of ['apply', 'diff', 'import']) {
      const res = run([verb, r.config, '--db', r.db]);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(new RegExp(`^gatehouse ${verb}: .*gatehouse.yaml: 2 problems`));
      expect(res.stderr).toContain("  users[0].groups[0]: There is no group named 'Orders Stuff'");
      expect(res.stderr).toContain("  authorizationServers[0].policies[1].conditions.clients.include: There is no app named 'Fulfillment Service'");
    }
    expect(readFileSync(r.db).equals(before)).toBe(true);
  });

  test('an unset secret variable is named; bad usage exits 2 with a hint', () => {
    const r = repo();
    const res = run(['apply', r.config, '--db', r.db], { ORDERS_ADMIN_PASSWORD: 'x', ORDERS_STAFF_PASSWORD: '', FULFILMENT_CLIENT_SECRET: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('apps[1].clientSecret: the environment variable FULFILMENT_CLIENT_SECRET is not set');
    const usage = run(['apply', '--db', r.db]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Run 'gatehouse apply --help' for the options.");
    const missing = run(['diff', join(r.dir, 'nope.yaml'), '--db', r.db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml does not exist');
  });
});

describe('gatehouse export / import', () => {
  test('export (yaml to stdout, json to a 0600 file) -> import into a new workspace -> export is the same', () => {
    const r = repo();
    expect(run(['apply', r.config, '--db', r.db]).code).toBe(0);
    const yaml = run(['export', '--db', r.db]);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^# Gatehouse workspace/);
    expect(yaml.stdout).not.toMatch(/passwordHash|clientSecret|privateJwk/);
    const out = join(r.dir, 'export.json');
    expect(run(['export', '--db', r.db, '--out', out]).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const copy = join(r.dir, 'copy.db');
    const imported = run(['import', out, '--db', copy]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(run(['export', '--db', copy]).stdout).toBe(yaml.stdout);
    expect(run(['export', '--db', join(r.dir, 'none.db')]).code).toBe(2);
  });
});

describe('gatehouse serve --config', () => {
  test('serves the configured org: the issuer from the file, the service client gets a token', async () => {
    const r = repo();
    const proc = spawn(process.execPath, [CLI, 'serve', '--config', r.config, '--db', r.db, '--port', '0', '--api-token', 'serve-config-token-1', '--log-level', 'silent'], { cwd: ROOT, env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((ok, fail) => {
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) ok(m[1]!);
        });
        proc.once('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
      });
      expect(out).toMatch(/config: .*gatehouse\.yaml applied \(\d+ to create/);
      const meta = await (await fetch(`${url}/oauth2/orders/.well-known/openid-configuration`)).json();
      expect(meta.issuer).toBe(`${url}/oauth2/orders`);
      const token = await fetch(`${url}/oauth2/orders/v1/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read', client_id: 'fulfilment-service', client_secret: ENV.FULFILMENT_CLIENT_SECRET }),
      });
      expect(token.status).toBe(200);
      expect((await token.json()).scope).toBe('orders:read');
    } finally {
      proc.kill('SIGTERM');
    }
  });

  test('a broken config: problems on stderr, exit 2, no server', () => {
    const r = repo();
    writeFileSync(r.config, readFileSync(r.config, 'utf8').replace('audiences: [api://orders]', 'audiences: []'));
    const res = run(['serve', '--config', r.config, '--db', r.db, '--port', '0']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('the server was not started');
    expect(res.stderr).toMatch(/^  authorizationServers\[0\]\.audiences: \S/m);
    expect(res.stdout).not.toContain('listening on');
  });
});

describe('the sample repository in CI', () => {
  test("gatehouse test --config runs the file's scenarios against a server built from it", () => {
    const r = repo();
    const res = run(['test', '--config', r.config]);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('✓ Staff get orders:read and orders:write');
  });
});

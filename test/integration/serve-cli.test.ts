/**
 * Process-level tests of `gatehouse serve`: the built CLI (out/server/cli.js, built by the global
 * setup) is spawned as a real child process on temp workspaces, and observed only from outside:
 * its stdout/stderr, its exit code, the HTTP API and the database file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out', 'server', 'cli.js');
const TOKEN = 'cli-test-admin-token-5f3a9c';
/** The hint printed after a bad flag; the only line allowed besides the error line. */
const USAGE_HINT = "Run 'gatehouse serve --help' for the options.";
const START_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 10_000;
/** A refusal is immediate (well under a second); waiting longer only hides a hang. */
const REFUSAL_TIMEOUT_MS = 5_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Cli {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited; rejects (with its output) after `ms`. */
  waitForExit(ms?: number): Promise<Exit>;
}

interface Served extends Cli {
  url: string;
  port: number;
}

const live: ChildProcess[] = [];
const tempDirs: string[] = [];
const blockers: Server[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** The environment of every child: its default workspace location points into a temp folder. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: join(tempDir(), 'xdg'), ...extra };
  delete env.GATEHOUSE_CLI;
  delete env.NODE_OPTIONS;
  return env;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = childEnv()): Cli {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.push(proc);
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<Exit>((resolveExit) => {
    proc.once('close', (code, signal) => resolveExit({ code, signal }));
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    waitForExit(ms = EXIT_TIMEOUT_MS) {
      return withTimeout(exited, ms, () => `gatehouse ${args.join(' ')} did not exit within ${ms} ms\nstdout:\n${out}\nstderr:\n${err}`);
    },
  };
}

/** Starts the CLI and waits for its `listening on` line; fails (never hangs) if it exits or stalls. */
async function spawnServe(args: string[], env?: NodeJS.ProcessEnv): Promise<Served> {
  const cli = runCli(args, env);
  const listening = new Promise<string>((resolveUrl, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))\s*$/m.exec(cli.stdout());
      if (m) resolveUrl(m[1]!);
    };
    cli.proc.stdout!.on('data', check);
    cli.proc.once('close', (code, signal) =>
      reject(new Error(`gatehouse ${args.join(' ')} exited (code ${code}, signal ${signal}) before listening\nstdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`)),
    );
  });
  const url = await withTimeout(listening, START_TIMEOUT_MS, () => `gatehouse ${args.join(' ')} printed no 'listening on' line within ${START_TIMEOUT_MS} ms\nstdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`);
  return { ...cli, url, port: Number(new URL(url).port) };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Sends `signal` and waits for the exit. */
async function stop(s: Cli, signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
  s.proc.kill(signal);
  return s.waitForExit();
}

function api(url: string, path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.set('Authorization', `SSWS ${token}`);
  headers.set('Accept', 'application/json');
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(`${url}${path}`, { ...init, headers, signal: AbortSignal.timeout(10_000) });
}

async function apiJson(url: string, path: string, init: RequestInit & { token?: string | null } = {}): Promise<any> {
  const res = await api(url, path, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

function post(url: string, path: string, body: unknown): Promise<any> {
  return apiJson(url, path, { method: 'POST', body: JSON.stringify(body) });
}

/** Stderr of a failed start: exactly one error line, starting `gatehouse:` (plus the --help hint for a bad flag). */
function errorLine(stderr: string, opts: { usage?: boolean } = {}): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  const errors = opts.usage ? lines.filter((l) => l !== USAGE_HINT) : lines;
  expect(errors, `stderr was:\n${stderr}`).toHaveLength(1);
  expect(errors[0]).toMatch(/^gatehouse: \S/);
  expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
  return errors[0]!;
}

afterEach(async () => {
  for (const proc of live.splice(0)) {
    if (proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('close', r));
      proc.kill('SIGKILL');
      await withTimeout(gone, 5_000, () => `pid ${proc.pid} did not die`);
    }
  }
  await Promise.all(blockers.splice(0).map((b) => new Promise((r) => b.close(r))));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('gatehouse serve: starting', () => {
  test('--port 0 prints the listening line and the admin API answers with --api-token', async () => {
    const db = join(tempDir(), 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'none', '--api-token', TOKEN]);
    expect(s.port).toBeGreaterThan(0);
    expect(s.stdout()).toContain(`listening on http://127.0.0.1:${s.port}`);

    const servers = await apiJson(s.url, '/api/v1/authorizationServers');
    expect(servers.map((x: { id: string }) => x.id)).toContain('default');
    expect((await api(s.url, '/api/v1/authorizationServers', { token: 'not-the-token-123' })).status).toBe(401);
    expect((await api(s.url, '/api/v1/authorizationServers', { token: null })).status).toBe(401);
  });

  test('without --api-token a new workspace prints a generated token once; a restart keeps it', async () => {
    const db = join(tempDir(), 'workspace.db');
    const first = await spawnServe(['--port', '0', '--db', db, '--seed', 'none']);
    const tokenLines = first.stdout().split('\n').filter((l) => l.includes('admin API token'));
    expect(tokenLines, first.stdout()).toHaveLength(1);
    const token = tokenLines[0]!.trim().split(/\s+/).pop()!;
    expect(token.length).toBeGreaterThanOrEqual(20);
    expect((await api(first.url, '/api/v1/authorizationServers', { token })).status).toBe(200);
    expect((await api(first.url, '/api/v1/authorizationServers', { token: `${token}x` })).status).toBe(401);
    expect((await stop(first)).code).toBe(0);

    const second = await spawnServe(['--port', '0', '--db', db]);
    expect(second.stdout()).not.toContain('admin API token');
    expect(second.stdout()).not.toContain(token);
    expect(second.stderr()).not.toContain(token);
    expect((await api(second.url, '/api/v1/authorizationServers', { token })).status).toBe(200);
  });

  test('--seed demo creates the demo org on a new workspace', async () => {
    const db = join(tempDir(), 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'demo', '--api-token', TOKEN]);
    const users = await apiJson(s.url, '/api/v1/users');
    expect(users.map((u: { profile: { login: string } }) => u.profile.login)).toContain('ada@example.com');
  });

  test('--seed none creates a fresh org: no users, only the default authorization server', async () => {
    const db = join(tempDir(), 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'none', '--api-token', TOKEN]);
    expect(await apiJson(s.url, '/api/v1/users')).toEqual([]);
    expect(await apiJson(s.url, '/api/v1/groups?q=Engineering')).toEqual([]);
    const servers = await apiJson(s.url, '/api/v1/authorizationServers');
    expect(servers.map((x: { id: string }) => x.id)).toEqual(['default']);
  });

  test('a new database file (and its WAL) is readable and writable by its owner only', async () => {
    const db = join(tempDir(), 'nested', 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'none', '--api-token', TOKEN]);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    await post(s.url, '/api/v1/groups', { profile: { name: 'Mode check' } });
    if (existsSync(`${db}-wal`)) expect(statSync(`${db}-wal`).mode & 0o777).toBe(0o600);
    expect((await stop(s)).code).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });

  test('--help prints the usage with the default port and the default workspace location, exit 0', async () => {
    const xdg = join(tempDir(), 'data-home');
    const cli = runCli(['--help'], childEnv({ XDG_DATA_HOME: xdg }));
    const exit = await cli.waitForExit();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toMatch(/^Usage: gatehouse serve/);
    expect(cli.stdout()).toMatch(/--port N\s.*default 7654/);
    expect(cli.stdout()).toContain(`default ${join(xdg, 'gatehouse', 'workspace.db')}`);
    expect(cli.stderr()).toBe('');
    expect(existsSync(xdg)).toBe(false); // --help creates nothing
  });
});

describe('gatehouse serve: stopping and persistence', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s: exit code 0, the database is closed cleanly and reopens intact', async (signal) => {
    const db = join(tempDir(), 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'none', '--api-token', TOKEN]);
    const group = await post(s.url, '/api/v1/groups', { profile: { name: `Stopped by ${signal}`, description: 'survives' } });

    expect(await stop(s, signal)).toEqual({ code: 0, signal: null });
    // A clean close checkpoints the WAL into the main file and removes it.
    expect(existsSync(`${db}-wal`)).toBe(false);
    const check = new Database(db, { readonly: true, fileMustExist: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }

    const again = await spawnServe(['--port', '0', '--db', db, '--api-token', TOKEN]);
    const back = await apiJson(again.url, `/api/v1/groups/${group.id}`);
    expect(back.profile).toEqual({ name: `Stopped by ${signal}`, description: 'survives' });
    expect(back.created).toBe(group.created);
  });

  test('everything written through the API survives kill -9', async () => {
    const db = join(tempDir(), 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'none', '--api-token', TOKEN]);
    const group = await post(s.url, '/api/v1/groups', { profile: { name: 'Crash survivors', description: 'kill -9' } });
    const user = await post(s.url, '/api/v1/users?activate=true', {
      profile: { firstName: 'Kay', lastName: 'Nine', email: 'kay.nine@example.com', login: 'kay.nine@example.com' },
      credentials: { password: { value: 'Crash-Test-Passw0rd!' } },
    });
    const put = await api(s.url, `/api/v1/groups/${group.id}/users/${user.id}`, { method: 'PUT' });
    expect(put.status).toBe(204);
    const as = await post(s.url, '/api/v1/authorizationServers', {
      name: 'Crash API',
      description: 'written just before SIGKILL',
      audiences: ['api://crash'],
    });
    const scope = await post(s.url, `/api/v1/authorizationServers/${as.id}/scopes`, {
      name: 'crash:read',
      description: 'Read crash reports',
      consent: 'IMPLICIT',
      metadataPublish: 'ALL_CLIENTS',
    });

    const paths = [
      `/api/v1/groups/${group.id}`,
      `/api/v1/groups/${group.id}/users`,
      `/api/v1/users/${user.id}`,
      `/api/v1/users/${user.id}/groups`,
      `/api/v1/authorizationServers/${as.id}`,
      `/api/v1/authorizationServers/${as.id}/scopes`,
      `/api/v1/authorizationServers/${as.id}/scopes/${scope.id}`,
      `/api/v1/authorizationServers/${as.id}/credentials/keys`,
      '/api/v1/groups',
      '/api/v1/users',
      '/api/v1/authorizationServers',
    ];
    const read = async (url: string) => Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await apiJson(url, p)] as const)));
    const before = await read(s.url);
    expect(before[`/api/v1/groups/${group.id}/users`].map((u: { id: string }) => u.id)).toEqual([user.id]);

    expect(await stop(s, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    // Same port again, so that nothing derived from the org URL (links, issuer) has to be ignored.
    const again = await spawnServe(['--port', String(s.port), '--db', db, '--api-token', TOKEN]);
    expect(again.url).toBe(s.url);
    const after = await read(again.url);
    expect(after).toEqual(before);
  });
});

describe('gatehouse serve: refusing to start (exit 2, one line on stderr)', () => {
  test.each([
    { name: 'an unknown flag', args: ['--frobnicate'], mentions: '--frobnicate' },
    { name: '--port abc', args: ['--port', 'abc'], mentions: 'abc' },
    { name: '--port 70000', args: ['--port', '70000'], mentions: '70000' },
    { name: '--seed maybe', args: ['--seed', 'maybe'], mentions: 'maybe' },
  ])('$name', async ({ args, mentions }) => {
    const db = join(tempDir(), 'workspace.db');
    const cli = runCli([...args, '--db', db]);
    expect(await cli.waitForExit(REFUSAL_TIMEOUT_MS)).toEqual({ code: 2, signal: null });
    const line = errorLine(cli.stderr(), { usage: true });
    expect(line).toContain(mentions);
    expect(cli.stdout()).toBe('');
    expect(existsSync(db)).toBe(false); // a bad flag touches no workspace
  });

  test('a port already in use', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const db = join(tempDir(), 'workspace.db');

    const cli = runCli(['--port', String(port), '--db', db, '--seed', 'none', '--api-token', TOKEN]);
    expect(await cli.waitForExit(REFUSAL_TIMEOUT_MS)).toEqual({ code: 2, signal: null });
    const line = errorLine(cli.stderr());
    expect(line).toContain(String(port));
    expect(line).toMatch(/in use/i);
    expect(cli.stdout()).not.toContain('listening on');
  });

  test.each([
    { name: 'under /proc', db: () => '/proc/x/y.db' },
    {
      name: 'under a regular file',
      db: () => {
        const file = join(tempDir(), 'regular-file');
        writeFileSync(file, 'not a folder\n');
        return join(file, 'y.db');
      },
    },
  ])('a database location that cannot be written ($name)', async ({ db }) => {
    const file = db();
    const cli = runCli(['--port', '0', '--db', file, '--seed', 'none', '--api-token', TOKEN]);
    expect(await cli.waitForExit(REFUSAL_TIMEOUT_MS)).toEqual({ code: 2, signal: null });
    expect(errorLine(cli.stderr())).toContain(file);
    expect(cli.stdout()).not.toContain('listening on');
  });

  test('a file that is not SQLite, left byte for byte as it was', async () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'These are my notes, not a database.\n'.repeat(50));
    const bytes = readFileSync(file);

    const cli = runCli(['--port', '0', '--db', file, '--seed', 'none', '--api-token', TOKEN]);
    expect(await cli.waitForExit(REFUSAL_TIMEOUT_MS)).toEqual({ code: 2, signal: null });
    const line = errorLine(cli.stderr());
    expect(line).toContain(file);
    expect(line).toMatch(/not .*(SQLite|workspace)/i);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(cli.stdout()).not.toContain('listening on');
  });

  test('a database written by a newer Gatehouse, left byte for byte as it was', async () => {
    const file = join(tempDir(), 'future.db');
    const s = await spawnServe(['--port', '0', '--db', file, '--seed', 'none', '--api-token', TOKEN]);
    expect((await stop(s)).code).toBe(0);
    const future = new Database(file);
    future.pragma('user_version = 999');
    future.close();
    const bytes = readFileSync(file);

    const cli = runCli(['--port', '0', '--db', file, '--api-token', TOKEN]);
    expect(await cli.waitForExit(REFUSAL_TIMEOUT_MS)).toEqual({ code: 2, signal: null });
    const line = errorLine(cli.stderr());
    expect(line).toContain(file);
    expect(line).toMatch(/newer/i);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(cli.stdout()).not.toContain('listening on');
  });
});

describe('gatehouse serve: request log', () => {
  const REQUEST_LINE = /\b(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \/\S* \d{3}\b/;
  const SECRET = 'SECRET123';

  /** A few requests carrying secrets in the query, the Authorization header and the body. */
  async function makeRequests(url: string): Promise<{ method: string; path: string; status: number }[]> {
    const made = [
      { method: 'GET', path: '/api/v1/authorizationServers', res: await api(url, `/api/v1/authorizationServers?sessionToken=${SECRET}`) },
      { method: 'GET', path: '/api/v1/users', res: await api(url, `/api/v1/users?sessionToken=${SECRET}`, { token: null }) },
      { method: 'GET', path: '/api/v1/no-such-thing', res: await api(url, `/api/v1/no-such-thing?code=${SECRET}`) },
      {
        method: 'POST',
        path: '/api/v1/authn',
        res: await api(url, `/api/v1/authn?state=${SECRET}`, { method: 'POST', body: JSON.stringify({ username: 'nobody@example.com', password: SECRET }) }),
      },
    ];
    for (const m of made) await m.res.arrayBuffer();
    expect(made.map((m) => m.res.status)).toEqual([200, 401, 404, 401]);
    return made.map(({ method, path, res }) => ({ method, path, status: res.status }));
  }

  test('--log-level info: one stderr line per request with method, path and status; no secrets anywhere', async () => {
    const db = join(tempDir(), 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'none', '--api-token', TOKEN, '--log-level', 'info']);
    const made = await makeRequests(s.url);
    expect((await stop(s)).code).toBe(0); // flushes everything the process wrote

    const requestLines = s.stderr().split('\n').filter((l) => REQUEST_LINE.test(l));
    expect(requestLines, s.stderr()).toHaveLength(made.length);
    for (const m of made) {
      const matching = requestLines.filter((l) => l.includes(`${m.method} ${m.path} ${m.status}`));
      expect(matching, `a line '${m.method} ${m.path} ${m.status}' in:\n${s.stderr()}`).toHaveLength(1);
    }
    expect(s.stdout().split('\n').filter((l) => REQUEST_LINE.test(l))).toEqual([]);
    const output = s.stdout() + s.stderr();
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(SECRET);
  });

  test('--log-level error: no request lines', async () => {
    const db = join(tempDir(), 'workspace.db');
    const s = await spawnServe(['--port', '0', '--db', db, '--seed', 'none', '--api-token', TOKEN, '--log-level', 'error']);
    await makeRequests(s.url);
    expect((await stop(s)).code).toBe(0);
    const output = s.stdout() + s.stderr();
    expect(output.split('\n').filter((l) => REQUEST_LINE.test(l))).toEqual([]);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(SECRET);
  });
});

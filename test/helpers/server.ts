import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import okta from '@okta/okta-sdk-nodejs';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { createLogger } from '../../src-server/util/log.js';
import type { Seed } from '../../src-server/org.js';

export const TEST_TOKEN = 'test-admin-token-0123456789';

export interface TestServer {
  url: string;
  token: string;
  dbFile: string;
  dir: string;
  server: RunningServer;
  /** Raw fetch against the server with the admin token (unless `auth: false`). */
  api(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

/** A real server on a fresh temp SQLite file, on a free loopback port. */
export async function startTestServer(opts: { seed?: Seed; dir?: string; now?: () => number } = {}): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const dbFile = join(dir, 'workspace.db');
  const server = await startServer({
    db: dbFile,
    port: 0,
    host: '127.0.0.1',
    apiToken: TEST_TOKEN,
    seed: opts.seed ?? 'none',
    log: createLogger('silent'),
    now: opts.now,
  });
  return {
    url: server.url,
    token: TEST_TOKEN,
    dbFile,
    dir,
    server,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.auth !== false) headers.set('Authorization', `SSWS ${TEST_TOKEN}`);
      if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      headers.set('Accept', 'application/json');
      return fetch(`${server.url}${path}`, { ...init, headers });
    },
    async close() {
      await server.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Okta's Node SDK pointed at a Gatehouse server: no cache (it would hide the server), no retries. */
export function sdkClient(url: string, token = TEST_TOKEN): okta.Client {
  delete process.env.HTTPS_PROXY;
  delete process.env.https_proxy;
  return new okta.Client({
    orgUrl: url,
    token,
    authorizationMode: 'SSWS',
    cacheMiddleware: null,
    requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  } as ConstructorParameters<typeof okta.Client>[0]);
}

/** Collects an SDK Collection into an array. */
export async function all<T>(collection: AsyncIterable<T | null> | Promise<AsyncIterable<T | null>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of await collection) if (item !== null) out.push(item);
  return out;
}

/** A snapshot of every table, to assert that a failed request changed nothing. */
export function snapshot(s: TestServer): string {
  // The System Log writes in batches; its readers flush first, and so does this one.
  s.server.ctx.systemLog.flush();
  const db = s.server.store.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
  return JSON.stringify(out);
}

/*
 * `npm run bench`: figures, not assertions. Starts the built server as its own process (so the
 * client below does not share its event loop) and measures:
 *   - cold start to first answer, on a new workspace and on an existing one;
 *   - admin API create and list throughput with 10,000 users.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDecisions, benchExpressions } from './bench-decisions.js';
import { protocol } from './bench/protocol.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), 'cli.js');
const TOKEN = 'bench-token-0123456789';
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const CONCURRENCY = 8;

interface Started { proc: ChildProcess; url: string; ms: number }

async function start(db: string, seed: 'none' | 'demo'): Promise<Started> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [CLI, '--port', '0', '--db', db, '--seed', seed, '--api-token', TOKEN, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  const res = await fetch(`${url}/api/v1/gatehouse/info`);
  if (!res.ok) throw new Error(`first answer was ${res.status}`);
  return { proc, url, ms: performance.now() - t0 };
}

async function stop(s: Started): Promise<void> {
  await new Promise<void>((resolve) => {
    s.proc.once('exit', () => resolve());
    s.proc.kill('SIGTERM');
  });
}

async function timed<T>(n: number, fn: (i: number) => Promise<T>): Promise<{ total: number; latencies: number[] }> {
  const latencies: number[] = new Array(n);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        latencies[i] = performance.now() - s;
      }
    }),
  );
  return { total: performance.now() - t0, latencies };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function line(label: string, n: number, r: { total: number; latencies: number[] }): void {
  console.log(
    `${label.padEnd(44)} ${String(n).padStart(6)} req  ${((n / r.total) * 1000).toFixed(0).padStart(6)} req/s  p50 ${pct(r.latencies, 50).toFixed(2)} ms  p95 ${pct(r.latencies, 95).toFixed(2)} ms`,
  );
}

async function main(): Promise<void> {
  console.log('Decision core (in process)');
  benchDecisions();
  benchExpressions();
  if (process.env.BENCH_ONLY === 'decisions') return;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  try {
    const db = join(dir, 'bench.db');
    console.log(`\nAdmin API over HTTP (Node ${process.version}, ${CONCURRENCY} concurrent clients)`);
    const fresh = await start(db, 'demo');
    console.log(`cold start, new workspace with demo seed      ${fresh.ms.toFixed(0)} ms to first answer`);
    await stop(fresh);
    const s = await start(db, 'demo');
    console.log(`cold start, existing workspace                ${s.ms.toFixed(0)} ms to first answer`);

    const headers = { Authorization: `SSWS ${TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json' };
    const create = await timed(USERS, async (i) => {
      const res = await fetch(`${s.url}/api/v1/users?activate=false`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ profile: { firstName: `User${i}`, lastName: 'Bench', email: `user${i}@bench.example`, login: `user${i}@bench.example`, department: i % 2 ? 'Sales' : 'Research' } }),
      });
      if (res.status !== 200) throw new Error(`create ${i}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
    line('POST /api/v1/users (no password)', USERS, create);

    const withPassword = await timed(50, async (i) => {
      const res = await fetch(`${s.url}/api/v1/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ profile: { firstName: 'P', lastName: 'W', email: `pw${i}@bench.example`, login: `pw${i}@bench.example` }, credentials: { password: { value: 'Tr1cky-Pass!' } } }),
      });
      if (res.status !== 200) throw new Error(`create with password ${i}: ${res.status}`);
      await res.arrayBuffer();
    });
    line('POST /api/v1/users (scrypt password)', 50, withPassword);

    // Follow the Link headers through every page, as the SDK does.
    const pages: number[] = [];
    const t0 = performance.now();
    let url: string | undefined = `${s.url}/api/v1/users?limit=200`;
    let seen = 0;
    while (url) {
      const ps = performance.now();
      const res: Response = await fetch(url, { headers });
      const body = (await res.json()) as unknown[];
      seen += body.length;
      pages.push(performance.now() - ps);
      url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    line(`GET /api/v1/users?limit=200, all ${seen} users`, pages.length, { total: performance.now() - t0, latencies: pages });

    const ids = ((await (await fetch(`${s.url}/api/v1/users?limit=200`, { headers })).json()) as { id: string }[]).map((u) => u.id);
    line('GET /api/v1/users/{id}', 2000, await timed(2000, async (i) => void (await (await fetch(`${s.url}/api/v1/users/${ids[i % ids.length]}`, { headers })).arrayBuffer())));
    line('GET /api/v1/users?search=profile.department eq', 200, await timed(200, async () => void (await (await fetch(`${s.url}/api/v1/users?limit=200&search=${encodeURIComponent('profile.department eq "Research"')}`, { headers })).arrayBuffer())));
    line('GET /api/v1/users?q=user99', 500, await timed(500, async () => void (await (await fetch(`${s.url}/api/v1/users?q=user99`, { headers })).arrayBuffer())));

    const apps = (await (await fetch(`${s.url}/api/v1/apps`, { headers })).json()) as { label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[];
    const servers = (await (await fetch(`${s.url}/api/v1/authorizationServers`, { headers })).json()) as { name: string; issuer: string }[];
    const issuerPath = new URL(servers.find((x) => x.name === 'Orders API')!.issuer).pathname;
    await stop(s);
    await protocol(db, issuerPath, apps);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/*
 * The protocol side of `npm run bench`: Gatehouse's token endpoint beside node-oidc-provider (the
 * reference) and beside a bare node:http endpoint (the ceiling), in the same run, with autocannon as
 * the load generator. With two or more cores the servers are pinned to core 0 and this process (the
 * load generator) to core 1, so neither steals the other's time; then again with no pinning.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const HERE = dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

export interface Target {
  name: string;
  proc: ChildProcess;
  /** What the process printed when ready: its token URL and a client's credentials. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Milliseconds from spawn to the first token. */
  firstTokenMs: number;
}

/** Every core of the machine (not `availableParallelism()`: that shrinks once this process is pinned). */
const CORES = cpus().length;
const canPin = CORES >= 2 && spawnSync('taskset', ['-V']).status === 0;

/** Pins a process (all its threads: the libuv pool signs too) to one core. */
export function pin(pid: number, core: number): void {
  if (canPin) spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

export function unpin(pid: number): void {
  if (canPin) spawnSync('taskset', ['-a', '-p', '-c', `0-${CORES - 1}`, String(pid)], { stdio: 'ignore' });
}

function form(t: Pick<Target, 'clientId' | 'clientSecret'>): string {
  return new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read', client_id: t.clientId, client_secret: t.clientSecret }).toString();
}

export async function mintOne(t: Pick<Target, 'tokenUrl' | 'clientId' | 'clientSecret'>): Promise<string> {
  const res = await fetch(t.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(t) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`token at ${t.tokenUrl}: ${res.status} ${text}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

type Credentials = Pick<Target, 'tokenUrl' | 'clientId' | 'clientSecret'>;

/** The bench scripts print `ready <tokenUrl> <clientId> <secret>`. */
const printsReady = (out: string): Credentials | undefined => {
  const m = /^ready (\S+) (\S+) (\S+)$/m.exec(out);
  return m ? { tokenUrl: m[1]!, clientId: m[2]!, clientSecret: m[3]! } : undefined;
};

/**
 * Starts a bench server, pinned to core 0 from its first instruction (unless `pinned` is false),
 * and takes its first token.
 * `ready` reads the server's stdout until it can say where to ask for a token and with what.
 */
export async function startTarget(name: string, script: string, args: string[] = [], ready: (out: string) => Credentials | undefined = printsReady, pinned = true): Promise<Target> {
  const t0 = performance.now();
  const cmd = canPin && pinned ? 'taskset' : process.execPath;
  const argv = canPin && pinned ? ['-c', '0', process.execPath, script, ...args] : [script, ...args];
  const proc = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const creds = await new Promise<Credentials>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const c = ready(out);
      if (c) resolve(c);
    });
    proc.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${err}`)));
  });
  await mintOne(creds);
  return { name, proc, ...creds, firstTokenMs: performance.now() - t0 };
}

export async function stopTarget(t: Target): Promise<void> {
  if (t.proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    t.proc.once('exit', () => resolve());
    t.proc.kill('SIGTERM');
  });
}

export function rssMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return NaN;
  }
}

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

/** One autocannon run: a fixed number of requests, or a fixed time. */
export async function load(opts: { url: string; method?: 'GET' | 'POST'; body?: string; amount?: number; seconds?: number; headers?: Record<string, string> }): Promise<Load> {
  const r = await autocannon({
    url: opts.url,
    method: opts.method ?? 'POST',
    connections: CONNECTIONS,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds ?? SECONDS }),
    headers: opts.body ? { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers } : opts.headers,
    body: opts.body,
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors + r.timeouts, total: r.requests.total };
}

export function tokenLoad(t: Target, extra: { amount?: number; seconds?: number } = {}): Promise<Load> {
  return load({ url: t.tokenUrl, body: form(t), ...extra });
}

export function loadLine(label: string, l: Load): string {
  const errors = l.errors ? `  (${l.errors} non-2xx/errors)` : '';
  return `  ${label.padEnd(42)} ${l.rps.toFixed(0).padStart(6)} req/s  p50 ${l.p50.toFixed(1).padStart(5)} ms  p99 ${l.p99.toFixed(1).padStart(5)} ms${errors}`;
}

export const SCRIPTS = {
  gatehouse: join(HERE, 'cli.js'),
  reference: join(HERE, 'bench-reference.js'),
  ceiling: join(HERE, 'bench-ceiling.js'),
};
export { canPin, CONNECTIONS, CORES, SECONDS };

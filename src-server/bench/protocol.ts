/*
 * `npm run bench`, protocol endpoints: Gatehouse beside node-oidc-provider and the bare ceiling
 * (see side-by-side.ts for how the cores are shared). Figures, not assertions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SCRIPTS, canPin, CONNECTIONS, CORES, SECONDS, load, loadLine, mintOne, pin, rssMiB, startTarget, stopTarget, tokenLoad, unpin, type Load, type Target } from './side-by-side.js';

interface WireApp { label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }

const ADMIN_TOKEN = 'bench-token-0123456789';

export async function protocol(db: string, issuerPath: string, apps: WireApp[]): Promise<void> {
  const fulfilment = apps.find((a) => a.label === 'Fulfilment Service')!.credentials.oauthClient;
  const gatehouse = (pinned: boolean) =>
    startTarget('Gatehouse', SCRIPTS.gatehouse, ['--port', '0', '--db', db, '--api-token', ADMIN_TOKEN, '--log-level', 'error'], (out) => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      return url ? { tokenUrl: `${url}${issuerPath}/v1/token`, clientId: fulfilment.client_id, clientSecret: fulfilment.client_secret! } : undefined;
    }, pinned);
  const reference = (pinned: boolean) => startTarget('node-oidc-provider 9', SCRIPTS.reference, [], undefined, pinned);
  const ceiling = (pinned: boolean) => startTarget('ceiling: node:http + jose, nothing else', SCRIPTS.ceiling, [], undefined, pinned);

  const where = canPin ? 'servers pinned to core 0, autocannon on core 1' : `no pinning (${CORES} core(s) or no taskset)`;
  console.log(`\nToken endpoint: client_credentials, RS256 JWT access token (${CONNECTIONS} connections, ${SECONDS} s, ${where})`);
  pin(process.pid, 1);
  const oneCore: Record<string, Load> = {};
  const starts: { name: string; firstTokenMs: number; rss: number }[] = [];
  for (const make of [ceiling, reference, gatehouse]) {
    const t = await make(true);
    // RSS after 10,000 tokens from a fresh process, then the timed run.
    await tokenLoad(t, { amount: 10_000 });
    starts.push({ name: t.name, firstTokenMs: t.firstTokenMs, rss: rssMiB(t.proc.pid!) });
    oneCore[t.name] = await tokenLoad(t);
    console.log(loadLine(t.name, oneCore[t.name]!));
    if (t.name === 'Gatehouse') await otherEndpoints(t, issuerPath, apps);
    await stopTarget(t);
  }
  const ratio = (a: string, b: string) => (oneCore[a]!.rps / oneCore[b]!.rps).toFixed(2);
  console.log(`  Gatehouse / node-oidc-provider: ${ratio('Gatehouse', 'node-oidc-provider 9')}x (target 1.2x); Gatehouse / ceiling: ${ratio('Gatehouse', 'ceiling: node:http + jose, nothing else')}x`);

  console.log('\nStart and memory (a fresh process on an existing workspace)');
  for (const s of starts) console.log(`  ${s.name.padEnd(42)} ${s.firstTokenMs.toFixed(0).padStart(5)} ms from process start to first token   RSS ${s.rss.toFixed(0)} MiB after 10,000 tokens`);
  console.log('  targets for Gatehouse: under 300 ms, under 120 MiB');

  if (canPin) {
    console.log(`\nToken endpoint with every core for everyone (servers and autocannon unpinned, ${CORES} cores)`);
    unpin(process.pid);
    const all: Record<string, Load> = {};
    for (const make of [reference, gatehouse]) {
      const t = await make(false);
      await tokenLoad(t, { amount: 2_000 });
      all[t.name] = await tokenLoad(t);
      console.log(loadLine(t.name, all[t.name]!));
      await stopTarget(t);
    }
    console.log(`  Gatehouse / node-oidc-provider: ${(all['Gatehouse']!.rps / all['node-oidc-provider 9']!.rps).toFixed(2)}x (target 1.2x)`);
  }
  // Beside the reference: its documents, on core 0 too.
  pin(process.pid, 1);
  const ref = await reference(true);
  const refIssuer = ref.tokenUrl.replace(/\/token$/, '');
  console.log('\nnode-oidc-provider, the same documents (for the lines above)');
  console.log(loadLine('GET discovery (openid-configuration)', await load({ url: `${refIssuer}/.well-known/openid-configuration`, method: 'GET' })));
  console.log(loadLine('GET keys (jwks)', await load({ url: `${refIssuer}/jwks`, method: 'GET' })));
  await stopTarget(ref);
  unpin(process.pid);
}

/** Gatehouse's other endpoints, on the same pinned process. */
async function otherEndpoints(t: Target, issuerPath: string, apps: WireApp[]): Promise<void> {
  const base = new URL(t.tokenUrl).origin;
  const issuer = `${base}${issuerPath}`;
  console.log('\nGatehouse, other endpoints (same process, same cores)');
  console.log(loadLine('GET discovery (openid-configuration)', await load({ url: `${issuer}/.well-known/openid-configuration`, method: 'GET' })));
  console.log(loadLine('GET keys', await load({ url: `${issuer}/v1/keys`, method: 'GET' })));
  const jwt = await mintOne(t);
  const introspect = new URLSearchParams({ token: jwt, token_type_hint: 'access_token', client_id: t.clientId, client_secret: t.clientSecret }).toString();
  console.log(loadLine('POST introspect (a JWT access token)', await load({ url: `${issuer}/v1/introspect`, body: introspect })));
  console.log('  (node-oidc-provider cannot introspect JWT access tokens, so it has no line here)');
  const flow = await codeFlow(base, issuer, apps.find((a) => a.label === 'Orders Portal')!.credentials.oauthClient);
  console.log(loadLine('authorize (session) + code exchange, PKCE', flow));
  console.log('  (one round trip = two requests; node-oidc-provider needs its interaction pages scripted for this, not measured)');
}

/**
 * The authorization-code round trip as a server-side app does it: /authorize with the session
 * cookie (signed in once with a sessionToken) and PKCE, then the code exchange.
 */
async function codeFlow(base: string, issuer: string, client: { client_id: string; client_secret?: string }): Promise<Load> {
  const redirect = 'http://localhost:3000/authorization-code/callback';
  const authn = await fetch(`${base}/api/v1/authn`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ username: 'grace@example.com', password: 'Gatehouse-Demo-1' }) });
  const { sessionToken } = (await authn.json()) as { sessionToken: string };
  const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`;
  let cookie = '';
  const once = async (first: boolean): Promise<void> => {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${issuer}/v1/authorize`);
    const q = { client_id: client.client_id, response_type: 'code', scope: 'openid orders:read', redirect_uri: redirect, state: randomBytes(8).toString('hex'), code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' };
    for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
    if (first) url.searchParams.set('sessionToken', sessionToken);
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    if (first) cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const code = new URL(res.headers.get('location') ?? 'x:').searchParams.get('code');
    if (!code) throw new Error(`authorize: ${res.status} ${res.headers.get('location') ?? (await res.text())}`);
    const tok = await fetch(`${issuer}/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic }, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier }) });
    if (tok.status !== 200) throw new Error(`code exchange: ${tok.status} ${await tok.text()}`);
    await tok.arrayBuffer();
  };
  await once(true);
  const latencies: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < deadline) {
      const s = performance.now();
      await once(false);
      latencies.push(performance.now() - s);
    }
  }));
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rps: (latencies.length / (performance.now() - t0)) * 1000, p50: at(0.5), p99: at(0.99), errors: 0, total: latencies.length };
}

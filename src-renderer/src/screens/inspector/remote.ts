import { SignJWT } from 'jose';
import { jwksFromJson, type Jwks } from './verify';
import { api } from '../../api/client';

/*
 * The inspector's only requests: discovery and keys (of this workspace's servers, or of an issuer
 * URL the tester typed), and introspection and revocation at this workspace's protocol endpoints,
 * authenticated as a client the tester chose. Every failure is returned in words, never thrown.
 */

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

/**
 * A URL of this Gatehouse server, requested from the page's own origin: the workbench may be open as
 * http://localhost:PORT while the issuer says http://127.0.0.1:PORT, and the same origin needs no CORS.
 */
export function localUrl(url: string, orgUrl: string | undefined, here: string | undefined): string {
  if (!orgUrl || !here) return url;
  const org = orgUrl.replace(/\/+$/, '');
  if (url === org || url.startsWith(`${org}/`)) return here.replace(/\/+$/, '') + url.slice(org.length);
  return url;
}

/** Watches for the page's Content Security Policy refusing a request (it cannot be told from a network error otherwise). */
function watchCsp(): { blockedFor(url: string): Promise<boolean>; stop(): void } {
  if (typeof document === 'undefined') return { blockedFor: async () => false, stop() {} };
  const blocked: string[] = [];
  const on = (e: SecurityPolicyViolationEvent) => blocked.push(e.blockedURI);
  document.addEventListener('securitypolicyviolation', on);
  return {
    async blockedFor(url) {
      await new Promise((r) => setTimeout(r, 30));
      const origin = new URL(url).origin;
      return blocked.some((b) => b === url || b.startsWith(origin));
    },
    stop: () => document.removeEventListener('securitypolicyviolation', on),
  };
}

/**
 * Reads another issuer's public metadata through this server (POST /api/v1/gatehouse/remote-json):
 * the page may only talk to its own server, and issuers rarely let a page on 127.0.0.1 read their
 * keys. URLs of this page's own origin are fetched directly.
 */
export const relayFetch: FetchLike = async (url, init) => {
  if (typeof window !== 'undefined' && new URL(url, window.location.href).origin === window.location.origin) return fetch(url, init);
  const r = await api<{ ok: boolean; status?: number; json?: unknown; error?: string }>('/gatehouse/remote-json', { method: 'POST', body: { url } });
  if (r.error !== undefined || r.status === undefined) throw new RelayError(r.error ?? `${url} could not be read.`);
  return new Response(JSON.stringify(r.json ?? null), { status: r.status, headers: { 'Content-Type': 'application/json' } });
};

/** The relay reached the server, and the server says why the other issuer could not be read. */
export class RelayError extends Error {}

export type Fetched<T> = { ok: true; value: T; url: string } | { ok: false; error: string };

export async function fetchJson(url: string, doFetch: FetchLike = defaultFetch): Promise<Fetched<unknown>> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, error: `“${url}” is not a URL.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, error: `Only http and https URLs can be fetched, not ${parsed.protocol}` };
  const csp = watchCsp();
  let res: Response;
  try {
    res = await doFetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit' });
  } catch (e) {
    const byCsp = await csp.blockedFor(url);
    csp.stop();
    if (e instanceof RelayError) return { ok: false, error: `${e.message} Check the URL, or paste the JWKS instead.` };
    return {
      ok: false,
      error: byCsp
        ? `The workbench's security policy allows requests only to this Gatehouse server, so ${parsed.origin} was not contacted. Paste that issuer's JWKS instead (open ${url} in a browser and copy it).`
        : `${parsed.origin} could not be reached, or it does not let this page read its answer (CORS). Check the URL, or paste the JWKS instead.`,
    };
  }
  csp.stop();
  if (!res.ok) return { ok: false, error: `${url} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.` };
  const text = await res.text();
  try {
    return { ok: true, value: JSON.parse(text), url };
  } catch {
    return { ok: false, error: `${url} did not answer JSON (it starts “${text.slice(0, 40).replace(/\s+/g, ' ')}”).` };
  }
}

export interface Discovered {
  issuer: string;
  jwksUri: string;
  jwks: Jwks;
  notes: string[];
  introspectionEndpoint?: string;
  revocationEndpoint?: string;
}

/** Discovery (OpenID, then RFC 8414) for `issuer`, then its JWKS. `map` turns a URL into the one to request. */
export async function discoverJwks(issuerInput: string, doFetch: FetchLike = defaultFetch, map: (url: string) => string = (u) => u): Promise<Fetched<Discovered>> {
  const issuer = issuerInput.trim().replace(/\/+$/, '');
  if (!issuer) return { ok: false, error: 'Type the issuer URL, e.g. https://example.okta.com/oauth2/default.' };
  try {
    const u = new URL(issuer);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, error: 'An issuer URL starts with https:// (or http:// for a local server).' };
  } catch {
    return { ok: false, error: `“${issuerInput.trim()}” is not a URL. An issuer looks like https://example.okta.com/oauth2/default.` };
  }
  const notes: string[] = [];
  let doc = await fetchJson(map(`${issuer}/.well-known/openid-configuration`), doFetch);
  if (!doc.ok && !/security policy|could not be reached/.test(doc.error)) {
    const oauth = await fetchJson(map(`${issuer}/.well-known/oauth-authorization-server`), doFetch);
    if (oauth.ok) doc = oauth;
  }
  if (!doc.ok) return { ok: false, error: `Discovery failed: ${doc.error}` };
  const meta = doc.value as Record<string, unknown>;
  if (!meta || typeof meta !== 'object' || typeof meta.jwks_uri !== 'string') return { ok: false, error: `The discovery document at ${doc.url} has no jwks_uri.` };
  if (typeof meta.issuer === 'string' && meta.issuer !== issuer) notes.push(`The discovery document names its issuer ${meta.issuer}, not ${issuer}: tokens from it carry that iss.`);
  const keys = await fetchJson(map(meta.jwks_uri), doFetch);
  if (!keys.ok) return { ok: false, error: `The keys could not be fetched: ${keys.error}` };
  const jwks = jwksFromJson(keys.value);
  if ('error' in jwks) return { ok: false, error: `${meta.jwks_uri} is not a usable JWKS: ${jwks.error}` };
  return {
    ok: true,
    url: meta.jwks_uri,
    value: {
      issuer: typeof meta.issuer === 'string' ? meta.issuer : issuer,
      jwksUri: meta.jwks_uri,
      jwks: jwks.jwks,
      notes: [...notes, ...jwks.notes],
      introspectionEndpoint: typeof meta.introspection_endpoint === 'string' ? meta.introspection_endpoint : undefined,
      revocationEndpoint: typeof meta.revocation_endpoint === 'string' ? meta.revocation_endpoint : undefined,
    },
  };
}

/** A client of this workspace, as it authenticates to the protocol endpoints. */
export interface ClientCreds {
  label: string;
  clientId: string;
  secret?: string;
  method: string;
}

/** Can the inspector authenticate as this client? Undefined when it can, else why not. */
export function cannotAuthenticate(c: ClientCreds): string | undefined {
  if (c.method === 'private_key_jwt') return `“${c.label}” authenticates with a private key (private_key_jwt) that only the app holds; the inspector cannot sign as it. Choose another client.`;
  if ((c.method === 'client_secret_basic' || c.method === 'client_secret_post' || c.method === 'client_secret_jwt') && !c.secret) return `“${c.label}” has no client secret to send.`;
  if (!['none', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt'].includes(c.method)) return `“${c.label}” uses ${c.method}, which the inspector does not speak.`;
  return undefined;
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

/** The request a client sends to `endpoint` (whose URL as the server knows it is `audience`). */
export async function clientRequest(c: ClientCreds, audience: string, params: Record<string, string>, nowSeconds = Math.floor(Date.now() / 1000)): Promise<{ headers: Record<string, string>; body: URLSearchParams }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  const body = new URLSearchParams(params);
  if (c.method === 'client_secret_basic') headers.Authorization = `Basic ${btoa(`${formEncode(c.clientId)}:${formEncode(c.secret ?? '')}`)}`;
  else if (c.method === 'client_secret_post') {
    body.set('client_id', c.clientId);
    body.set('client_secret', c.secret ?? '');
  } else if (c.method === 'client_secret_jwt') {
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(c.clientId)
      .setSubject(c.clientId)
      .setAudience(audience)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 300)
      .setJti(crypto.randomUUID())
      .sign(new TextEncoder().encode(c.secret ?? ''));
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set('client_assertion', assertion);
  } else body.set('client_id', c.clientId);
  return { headers, body };
}

export type EndpointResult = { ok: true; status: number; body: Record<string, unknown> } | { ok: false; status?: number; error: string; oauthError?: string };

/** POSTs to a protocol endpoint (introspect, revoke) as client `c`. */
export async function callEndpoint(url: string, audience: string, c: ClientCreds, params: Record<string, string>, doFetch: FetchLike = defaultFetch): Promise<EndpointResult> {
  const why = cannotAuthenticate(c);
  if (why) return { ok: false, error: why };
  const { headers, body } = await clientRequest(c, audience, params);
  let res: Response;
  try {
    res = await doFetch(url, { method: 'POST', headers, body: body.toString(), credentials: 'omit' });
  } catch {
    return { ok: false, error: 'The Gatehouse server cannot be reached. Is it still running?' };
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  const obj = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (!res.ok) {
    if (obj && typeof obj.error === 'string') {
      const d = typeof obj.error_description === 'string' ? obj.error_description : '';
      return { ok: false, status: res.status, oauthError: obj.error, error: `${obj.error}${d ? `: ${d}` : ''}` };
    }
    if (obj && typeof obj.errorSummary === 'string') return { ok: false, status: res.status, error: obj.errorSummary };
    return { ok: false, status: res.status, error: `The server answered ${res.status}.` };
  }
  if (!obj) return { ok: false, status: res.status, error: 'The server answered something that is not JSON.' };
  return { ok: true, status: res.status, body: obj };
}

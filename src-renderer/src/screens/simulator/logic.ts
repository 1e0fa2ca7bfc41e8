import type { Expectation, FlowId, FollowUp, HttpRequestSpec, StepRun, Tamper } from './types';

/*
 * The simulator's pure logic: which flows a client may run, a request taken apart into editable
 * rows and put back together, the tamper a tester's edits amount to, and the expectations a run
 * suggests. No React, no HTTP: unit-tested in test/unit/simulator-logic.test.ts.
 */

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export const FLOW_LABELS: Record<FlowId, string> = {
  authorization_code: 'Authorization code',
  implicit: 'Implicit',
  hybrid: 'Hybrid (code id_token)',
  password: 'Resource owner password',
  client_credentials: 'Client credentials',
  device_code: 'Device authorization',
};

export const FOLLOW_UP_LABELS: Record<FollowUp, string> = {
  replay_code: 'Replay the authorization code',
  refresh: 'Refresh the tokens',
  userinfo: 'UserInfo',
  introspect_access: 'Introspect the access token',
  introspect_refresh: 'Introspect the refresh token',
  introspect_id: 'Introspect the ID token',
  revoke_access: 'Revoke the access token',
  revoke_refresh: 'Revoke the refresh token',
  logout: 'Sign out',
  expire_access: 'Let the access token expire',
};

/** Whether `grantTypes` let a client run `flow`, and if not, why not in words. */
export function flowAllowed(flow: FlowId, grantTypes: string[]): { ok: true } | { ok: false; reason: string } {
  const has = (g: string) => grantTypes.includes(g);
  const need = (g: string, label = g) => (has(g) ? { ok: true as const } : { ok: false as const, reason: `needs the ${label} grant type` });
  switch (flow) {
    case 'authorization_code':
      return need('authorization_code');
    case 'implicit':
      return need('implicit');
    case 'hybrid':
      if (!has('authorization_code') && !has('implicit')) return { ok: false, reason: 'needs the authorization_code and implicit grant types' };
      if (!has('implicit')) return { ok: false, reason: 'needs the implicit grant type too' };
      return need('authorization_code');
    case 'password':
      return need('password');
    case 'client_credentials':
      return need('client_credentials');
    case 'device_code':
      return need(DEVICE_GRANT, 'device authorization');
  }
}

/** Flows that sign a user in (all but client credentials). */
export const flowNeedsUser = (flow: FlowId) => flow !== 'client_credentials';
/** Flows that go through /authorize in a browser. */
export const flowUsesBrowser = (flow: FlowId) => flow === 'authorization_code' || flow === 'implicit' || flow === 'hybrid';

/** Follow-ups that make sense after a flow, with the reason when one does not. */
export function followUpAllowed(f: FollowUp, flow: FlowId, grantTypes: string[], scopes: string[]): { ok: true } | { ok: false; reason: string } {
  const code = flow === 'authorization_code' || flow === 'hybrid';
  if (f === 'replay_code' && !code) return { ok: false, reason: 'only after a flow that issues a code' };
  if ((f === 'refresh' || f === 'introspect_refresh' || f === 'revoke_refresh') && (!grantTypes.includes('refresh_token') || !scopes.includes('offline_access'))) {
    return { ok: false, reason: 'needs the refresh_token grant type and the offline_access scope' };
  }
  if ((f === 'introspect_id' || f === 'logout') && !scopes.includes('openid')) return { ok: false, reason: 'needs the openid scope (an ID token)' };
  if (f === 'userinfo' && !scopes.includes('openid')) return { ok: false, reason: 'needs the openid scope' };
  return { ok: true };
}

// ---- a request as editable rows ----

export interface Row {
  key: string;
  value: string;
  /** For a JSON body: the value is JSON text (a number, object...), not a string. */
  json?: boolean;
}

export type BodyKind = 'none' | 'form' | 'json' | 'text';

export interface RequestParts {
  method: 'GET' | 'POST';
  /** The URL without its query. */
  base: string;
  query: Row[];
  headers: Row[];
  bodyKind: BodyKind;
  body: Row[];
  /** The body as text, for a body that is neither a form nor a JSON object. */
  text?: string;
}

const headerValue = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

export function toParts(req: HttpRequestSpec): RequestParts {
  const url = new URL(req.url);
  const query = [...url.searchParams].map(([key, value]) => ({ key, value }));
  url.search = '';
  const headers = Object.entries(req.headers).map(([key, value]) => ({ key, value }));
  const type = headerValue(req.headers, 'content-type') ?? '';
  let bodyKind: BodyKind = 'none';
  let body: Row[] = [];
  let text: string | undefined;
  if (req.body !== undefined && req.body !== '') {
    if (/json/i.test(type)) {
      try {
        const parsed: unknown = JSON.parse(req.body);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          bodyKind = 'json';
          body = Object.entries(parsed as Record<string, unknown>).map(([key, v]) => (typeof v === 'string' ? { key, value: v } : { key, value: JSON.stringify(v), json: true }));
        }
      } catch {
        // Not JSON after all: shown and sent as text.
      }
    } else if (/x-www-form-urlencoded/i.test(type)) {
      bodyKind = 'form';
      body = [...new URLSearchParams(req.body)].map(([key, value]) => ({ key, value }));
    }
    if (bodyKind === 'none') {
      bodyKind = 'text';
      text = req.body;
    }
  } else if (req.method === 'POST' && /x-www-form-urlencoded/i.test(type)) {
    bodyKind = 'form';
  }
  return { method: req.method, base: url.toString(), query, headers, bodyKind, body, text };
}

function jsonValue(r: Row): unknown {
  if (!r.json) return r.value;
  try {
    return JSON.parse(r.value) as unknown;
  } catch {
    return r.value;
  }
}

export function fromParts(p: RequestParts): HttpRequestSpec {
  const url = new URL(p.base);
  for (const r of p.query) if (r.key) url.searchParams.append(r.key, r.value);
  const headers: Record<string, string> = {};
  for (const r of p.headers) if (r.key) headers[r.key] = r.value;
  const out: HttpRequestSpec = { method: p.method, url: url.toString(), headers };
  if (p.bodyKind === 'form') out.body = new URLSearchParams(p.body.filter((r) => r.key).map((r) => [r.key, r.value])).toString();
  else if (p.bodyKind === 'json') out.body = JSON.stringify(Object.fromEntries(p.body.filter((r) => r.key).map((r) => [r.key, jsonValue(r)])));
  else if (p.bodyKind === 'text') out.body = p.text ?? '';
  return out;
}

/** The rows a tamper edits: the query of a GET, the body of a POST. */
export const paramsOf = (p: RequestParts): Row[] => (p.method === 'GET' ? p.query : p.body);

/** Keys whose shown (masked) value differs from the real one: secrets, hidden unless revealed. */
export function secretKeys(real: RequestParts, shown: RequestParts): { params: Set<string>; headers: Set<string> } {
  const differ = (a: Row[], b: Row[]) => new Set(a.filter((r) => b.find((s) => s.key === r.key)?.value !== r.value).map((r) => r.key));
  return { params: differ(paramsOf(real), paramsOf(shown)), headers: differ(real.headers, shown.headers) };
}

/**
 * What the tester changed between the prepared request and the one sent, as a scenario tamper
 * (parameters set or removed, headers set or removed), or undefined when nothing changed.
 */
export function tamperBetween(step: string, prepared: HttpRequestSpec, sent: HttpRequestSpec): Tamper | undefined {
  const a = toParts(prepared);
  const b = toParts(sent);
  const before = new Map(paramsOf(a).map((r) => [r.key, r.value]));
  const after = new Map(paramsOf(b).filter((r) => r.key).map((r) => [r.key, r.value]));
  const set: Record<string, string> = {};
  for (const [k, v] of after) if (before.get(k) !== v) set[k] = v;
  const remove = [...before.keys()].filter((k) => !after.has(k));
  const lower = (rows: Row[]) => new Map(rows.filter((r) => r.key).map((r) => [r.key.toLowerCase(), r]));
  const hb = lower(a.headers);
  const ha = lower(b.headers);
  const headers: Record<string, string | null> = {};
  for (const [k, r] of ha) if (hb.get(k)?.value !== r.value) headers[r.key] = r.value;
  for (const [k, r] of hb) if (!ha.has(k)) headers[r.key] = null;
  const t: Tamper = { step };
  if (Object.keys(set).length) t.set = set;
  if (remove.length) t.remove = remove;
  if (Object.keys(headers).length) t.headers = headers;
  return t.set || t.remove || t.headers ? t : undefined;
}

/** Sets (or adds) a parameter in the rows a tamper edits. */
export function withParam(p: RequestParts, key: string, value: string): RequestParts {
  const rows = paramsOf(p);
  const next = rows.some((r) => r.key === key) ? rows.map((r) => (r.key === key ? { ...r, value } : r)) : [...rows, { key, value }];
  return p.method === 'GET' ? { ...p, query: next } : { ...p, body: next };
}

export function withoutParam(p: RequestParts, key: string): RequestParts {
  const next = paramsOf(p).filter((r) => r.key !== key);
  return p.method === 'GET' ? { ...p, query: next } : { ...p, body: next };
}

/** A code verifier that is well-formed (43 characters) but not the one the challenge was made from. */
export function wrongVerifier(current: string | undefined): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  let out = '';
  const bytes = crypto.getRandomValues(new Uint8Array(43));
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out === current ? `${out.slice(1)}x` : out;
}

/** Another redirect URI: the registered one on another host, so the server must refuse it. */
export function otherRedirectUri(current: string | undefined): string {
  try {
    const u = new URL(current ?? 'https://app.example/callback');
    return `https://attacker.example${u.pathname}`;
  } catch {
    return 'https://attacker.example/callback';
  }
}

// ---- responses ----

/** A response body made readable: JSON indented, anything else as it came. */
export function prettyBody(body: string): string {
  if (!body) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The decision events a step's exchange carries, read safely from the System Log shape. */
export interface StepEvent {
  eventType: string;
  /** Okta's sentence for the event ("OAuth2 token grant request failed"). */
  message: string;
  outcome: string;
  reason: string | null;
  error?: string;
  errorDescription?: string;
  trace?: unknown;
}

export function eventsOf(run: StepRun | undefined): StepEvent[] {
  const list = run?.exchange?.events ?? [];
  return list.flatMap((e): StepEvent[] => {
    if (!e || typeof e !== 'object') return [];
    const ev = e as { eventType?: unknown; displayMessage?: unknown; outcome?: { result?: unknown; reason?: unknown }; debugContext?: { debugData?: Record<string, unknown> } };
    const d = ev.debugContext?.debugData ?? {};
    return [{
      eventType: String(ev.eventType ?? 'event'),
      message: typeof ev.displayMessage === 'string' ? ev.displayMessage : String(ev.eventType ?? 'event'),
      outcome: String(ev.outcome?.result ?? ''),
      reason: typeof ev.outcome?.reason === 'string' ? ev.outcome.reason : null,
      ...(typeof d.error === 'string' ? { error: d.error } : {}),
      ...(typeof d.errorDescription === 'string' ? { errorDescription: d.errorDescription } : {}),
      ...(d.trace && typeof d.trace === 'object' ? { trace: d.trace } : {}),
    }];
  });
}


// ---- expectations a run suggests ----

export interface ClaimPick {
  token: 'access_token' | 'id_token' | 'userinfo' | 'introspection';
  claim: string;
  /** The value as JSON text, editable. */
  value: string;
}

/**
 * What a scenario should expect, read from what happened: each step that ran succeeds or fails
 * with its error; the step that issued tokens grants its scopes; the chosen claims keep their values.
 */
export function suggestExpectations(runs: StepRun[], claims: ClaimPick[] = []): Expectation[] {
  const tokenStep = [...runs].reverse().find((r) => r.result.ok && (r.result.scopes || r.result.tokens?.access_token));
  return runs
    .filter((r) => r.exchange || r.result.status > 0)
    .map((r) => {
      const x: Expectation = { step: r.step.id, outcome: r.result.ok ? 'success' : 'error' };
      if (!r.result.ok && r.result.error) x.error = r.result.error;
      if (r === tokenStep) {
        const scp = r.result.tokens?.access_token?.claims?.scp;
        const scopes = r.result.scopes ?? (Array.isArray(scp) ? (scp as string[]) : undefined);
        if (scopes) x.scopes = scopes;
      }
      if (typeof r.result.active === 'boolean') x.active = r.result.active;
      const mine = claims.filter((c) => claimSource(r, c.token) !== undefined);
      if (r === tokenStep || mine.some((c) => c.token === 'userinfo' || c.token === 'introspection')) {
        const picked = mine.filter((c) => (r === tokenStep ? c.token === 'access_token' || c.token === 'id_token' : c.token === 'userinfo' || c.token === 'introspection'));
        if (picked.length) x.claims = picked.map((c) => ({ token: c.token, claim: c.claim, equals: parseLoose(c.value) }));
      }
      return x;
    });
}

export function claimSource(r: StepRun, token: ClaimPick['token']): Record<string, unknown> | undefined {
  if (token === 'access_token') return r.result.tokens?.access_token?.claims ?? undefined;
  if (token === 'id_token') return r.result.tokens?.id_token?.claims ?? undefined;
  if (token === 'userinfo') return r.step.id.startsWith('userinfo') ? r.result.claims : undefined;
  return r.step.id.startsWith('introspect') ? r.result.claims : undefined;
}

/** JSON text to a value; text that is not JSON is taken as a string. */
export function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Problems with expectations typed as JSON, in words; empty when they are fine. */
export function expectationProblems(text: string, stepIds?: string[]): string[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return [`Not valid JSON: ${(e as Error).message}`];
  }
  if (!Array.isArray(v)) return ['Expectations are a list: [ { "step": "token", "outcome": "success" }, … ]'];
  const out: string[] = [];
  const known = new Set(['step', 'outcome', 'error', 'status', 'scopes', 'claims', 'active']);
  v.forEach((x: unknown, i) => {
    const n = `Expectation ${i + 1}`;
    if (!x || typeof x !== 'object' || Array.isArray(x)) return void out.push(`${n} is not an object`);
    const o = x as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!known.has(k)) out.push(`${n}: unknown field "${k}" (known: ${[...known].join(', ')})`);
    if (typeof o.step !== 'string' || !o.step) out.push(`${n}: "step" must name a step`);
    else if (stepIds && !stepIds.includes(o.step)) out.push(`${n}: there is no step "${o.step}" (steps: ${stepIds.join(', ')})`);
    if (o.outcome !== undefined && o.outcome !== 'success' && o.outcome !== 'error') out.push(`${n}: "outcome" is "success" or "error"`);
    if (o.error !== undefined && typeof o.error !== 'string') out.push(`${n}: "error" is a string such as "invalid_grant"`);
    if (o.status !== undefined && (typeof o.status !== 'number' || o.status < 100 || o.status > 599)) out.push(`${n}: "status" is an HTTP status (100-599)`);
    if (o.scopes !== undefined && (!Array.isArray(o.scopes) || o.scopes.some((s) => typeof s !== 'string'))) out.push(`${n}: "scopes" is a list of scope names`);
    if (o.active !== undefined && typeof o.active !== 'boolean') out.push(`${n}: "active" is true or false`);
    if (o.claims !== undefined) {
      if (!Array.isArray(o.claims)) out.push(`${n}: "claims" is a list of { "token", "claim", "equals" }`);
      else o.claims.forEach((c: unknown, j) => {
        const cc = c as Record<string, unknown> | null;
        if (!cc || typeof cc !== 'object' || !['access_token', 'id_token', 'userinfo', 'introspection'].includes(String(cc.token)) || typeof cc.claim !== 'string') {
          out.push(`${n}, claim ${j + 1}: needs "token" (access_token, id_token, userinfo or introspection) and "claim"`);
        }
      });
    }
  });
  return out;
}

/** A value in words for a diff: strings as they are, lists joined, anything else as JSON. */
export function inWords(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length ? v.join(' ') : '(none)';
  return JSON.stringify(v);
}

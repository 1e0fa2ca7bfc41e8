import type { HttpRequestSpec, RecordedExchange, RecordedResponse } from './types.js';

const MASK = '••••••••';
const SECRET_PARAMS = ['client_secret', 'password', 'client_assertion'];

/** The request as it may be shown: secret parameters and Basic credentials masked. */
export function maskRequest(r: HttpRequestSpec, secrets: string[] = []): HttpRequestSpec {
  const headers = { ...r.headers };
  for (const k of Object.keys(headers)) {
    if (k.toLowerCase() === 'authorization' && /^Basic /i.test(headers[k]!)) headers[k] = `Basic ${MASK}`;
    // Cookie values are session secrets: shown by name only.
    if (k.toLowerCase() === 'cookie') headers[k] = headers[k]!.split(/;\s*/).map((c) => `${c.split('=')[0]}=${MASK}`).join('; ');
  }
  let body = r.body;
  let url = r.url;
  if (body !== undefined && /x-www-form-urlencoded/i.test(headerOf(r.headers, 'content-type') ?? '')) {
    const form = new URLSearchParams(body);
    for (const p of SECRET_PARAMS) if (form.has(p)) form.set(p, MASK);
    body = form.toString();
  } else if (body !== undefined && /json/i.test(headerOf(r.headers, 'content-type') ?? '')) {
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      if (json && typeof json === 'object' && 'password' in json) body = JSON.stringify({ ...json, password: MASK });
    } catch {
      // Not JSON after all (a tampered body): shown as it is, with known secrets replaced below.
    }
  }
  for (const s of secrets) {
    if (s.length < 4) continue;
    if (body) body = body.split(s).join(MASK).split(encodeURIComponent(s)).join(MASK);
    url = url.split(encodeURIComponent(s)).join(MASK);
  }
  return { ...r, url, headers, ...(body !== undefined ? { body } : {}) };
}

export function headerOf(h: Record<string, string>, name: string): string | undefined {
  const k = Object.keys(h).find((x) => x.toLowerCase() === name);
  return k === undefined ? undefined : h[k];
}

/** The longest body kept in a recorded exchange: a page of HTML is enough to see what it is. */
const BODY_LIMIT = 64 * 1024;

/**
 * Sends one request as a client would (no redirects followed, so each hop is its own step) and
 * records it. `events` looks up what the server logged for the request, by its request id.
 */
export async function exchange(
  request: HttpRequestSpec,
  opts: { secrets: string[]; events: (requestId: string) => Promise<unknown[]> | unknown[]; now?: () => number },
): Promise<RecordedExchange & { rawBody: string; setCookies: string[] }> {
  const now = opts.now ?? Date.now;
  const started = now();
  const t0 = performance.now();
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.method === 'POST' ? (request.body ?? '') : undefined,
    redirect: 'manual',
  });
  const rawBody = await res.text();
  const durationMs = Math.round((performance.now() - t0) * 10) / 10;
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (k !== 'set-cookie') headers[k] = v;
  });
  const setCookies = res.headers.getSetCookie();
  // Cookie values are session secrets: shown by name only.
  if (setCookies.length) headers['set-cookie'] = setCookies.map((c) => `${c.split('=')[0]}=${MASK}`).join(', ');
  const requestId = res.headers.get('x-okta-request-id') ?? undefined;
  const response: RecordedResponse = { status: res.status, headers, body: rawBody.length > BODY_LIMIT ? `${rawBody.slice(0, BODY_LIMIT)}\n… (${rawBody.length - BODY_LIMIT} more characters)` : rawBody };
  const shown = maskRequest(request, opts.secrets);
  return {
    request: shown,
    response,
    startedAt: new Date(started).toISOString(),
    durationMs,
    ...(requestId ? { requestId } : {}),
    events: requestId ? await opts.events(requestId) : [],
    rawBody,
    setCookies,
  };
}

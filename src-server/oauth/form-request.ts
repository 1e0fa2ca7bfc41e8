import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { OAuthError } from './errors.js';

/*
 * The back-channel endpoints (token, introspect, revoke, device authorize) take this, not an
 * express Request: the same handler serves requests routed by express and by the fast lane
 * (fast-lane.ts), which answers the token endpoint straight from node:http.
 */

export interface FormRequest {
  headers: IncomingHttpHeaders;
  /** The form body; a parameter sent twice is an array (the handlers refuse it). */
  body: Record<string, string | string[]>;
  /** Query-string parameters (client credentials there are refused, not read). */
  query: Record<string, unknown>;
  /** The body was sent as `application/x-www-form-urlencoded`. */
  isForm: boolean;
  /** `X-Okta-Request-Id` of this request, for the System Log. */
  requestId: string;
  ip: string | undefined;
}

export const FORM_LIMIT_BYTES = 64 * 1024;
const PARAMETER_LIMIT = 100;
const UNREADABLE = 'The request body could not be read.';

export function isFormContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/x-www-form-urlencoded') return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8';
}

/** `a=1&b=2` as a record; repeated names become arrays; more than 100 parameters is refused. */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  if (!text) return out;
  let count = 0;
  for (const [k, v] of new URLSearchParams(text)) {
    if (++count > PARAMETER_LIMIT) throw new OAuthError('invalid_request', UNREADABLE);
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Reads a form body (up to 64 KiB); any other content type reads as an empty body. */
export async function readForm(req: IncomingMessage): Promise<Record<string, string | string[]>> {
  if (!isFormContentType(req.headers['content-type'])) {
    req.resume();
    return Object.create(null);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > FORM_LIMIT_BYTES) {
    req.resume();
    throw new OAuthError('invalid_request', UNREADABLE);
  }
  // Events, not `for await`: an async iterator per request showed up in the token endpoint's profile.
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > FORM_LIMIT_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new OAuthError('invalid_request', UNREADABLE));
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
  return parseForm(text);
}

/** The same view of a request express has already routed (its body read by `readForm`). */
export function fromExpress(req: Request): FormRequest {
  return {
    headers: req.headers,
    body: (req.body ?? {}) as Record<string, string | string[]>,
    query: req.query as Record<string, unknown>,
    isForm: isFormContentType(req.headers['content-type']),
    requestId: String(req.res?.getHeader('X-Okta-Request-Id') ?? ''),
    ip: req.socket.remoteAddress,
  };
}

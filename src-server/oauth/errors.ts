import type { ServerResponse } from 'node:http';
import type { OAuthFailure } from '../policy/errors.js';

/** An OAuth error on a protocol endpoint (RFC 6749 §5.2), with Okta's strings. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
    /** System Log reason, when there is one. */
    readonly reason?: string,
  ) {
    super(`${error}: ${description}`);
  }
  /** Set once a System Log event tells of this error, so the endpoint does not tell it twice. */
  logged = false;
  static from(f: OAuthFailure): OAuthError {
    return new OAuthError(f.error, f.description, f.status, f.reason);
  }
}

export const invalidRequest = (d: string) => new OAuthError('invalid_request', d);
export const missingParameter = (name: string) => invalidRequest(`The required parameter '${name}' is missing.`);

/** Token responses and errors are never cached (RFC 6749 §5.1). */
export function sendTokenJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Content-Type', 'application/json;charset=UTF-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

/** `basicUsed`: RFC 6749 §5.2 asks for a `WWW-Authenticate` challenge only when the client used the Authorization header. */
export function sendOAuthError(res: ServerResponse, e: OAuthError, basicUsed = false): void {
  if (basicUsed && e.status === 401 && e.error === 'invalid_client') res.setHeader('WWW-Authenticate', 'Basic realm="gatehouse"');
  sendTokenJson(res, e.status, { error: e.error, error_description: e.description });
}

import type { ServerResponse } from 'node:http';
import type { AppContext } from './context.js';
import type { Logger } from './util/log.js';
import { timeOrderedId } from './util/ids.js';

/*
 * What every response gets and every request is checked for, shared by the express app and the
 * token endpoint's fast lane (oauth/fast-lane.ts).
 */

/** A request id, and Okta's rate-limit headers (Gatehouse does not limit). */
export function stampResponse(res: ServerResponse): void {
  res.setHeader('X-Okta-Request-Id', timeOrderedId('request'));
  res.setHeader('X-Rate-Limit-Limit', '10000');
  res.setHeader('X-Rate-Limit-Remaining', '9999');
  res.setHeader('X-Rate-Limit-Reset', String(Math.floor(Date.now() / 1000) + 60));
}

/**
 * DNS-rebinding guard: a page on another site that resolves its own name to 127.0.0.1 still sends
 * its own name in `Host`, so only the names this server is known by are answered.
 */
export function hostAllowed(ctx: AppContext, hostHeader: string | undefined): boolean {
  if (ctx.allowedHosts === 'any') return true;
  const host = hostnameOf(hostHeader ?? '');
  return !!host && ctx.allowedHosts.has(host);
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

/** One log line per request: method, path (never the query string: it can hold codes and tokens), status, time. */
export function logWhenDone(log: Logger, method: string, url: string, res: ServerResponse): void {
  if (log.level !== 'info' && log.level !== 'debug') return;
  const start = process.hrtime.bigint();
  res.once('finish', () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    log.info(`${method} ${url.split('?')[0]} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
}

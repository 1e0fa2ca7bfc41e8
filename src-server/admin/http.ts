import type { Request, Response } from 'express';
import { Errors } from '../errors.js';

export type Link = { href: string; hints?: { allow: string[] } };
export type Links = Record<string, Link | (Link & { name: string })[]>;

export function link(href: string, ...allow: string[]): Link {
  return allow.length ? { href, hints: { allow } } : { href };
}

/** Okta's list paging query: `limit` (bounded) and the opaque `after` cursor (an object id). */
export interface PageQuery {
  limit: number;
  after?: string;
}

export function pageQuery(req: Request, defaultLimit: number, maxLimit: number): PageQuery {
  const raw = req.query.limit;
  let limit = defaultLimit;
  if (raw !== undefined) {
    const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1) throw Errors.invalidRequest("'limit' must be a positive whole number");
    limit = Math.min(n, maxLimit);
  }
  const after = typeof req.query.after === 'string' && req.query.after !== '' ? req.query.after : undefined;
  return { limit, after };
}

export function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw Errors.invalidRequest(`'${name}' may be given once`);
  return v;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, when there is one. */
  next?: string;
}

/**
 * Sends a page with Okta's `Link` headers: always `self`; `next` only when another page exists
 * (the Okta SDK follows it, and stops when it is absent).
 */
export function sendPage<T, W>(req: Request, res: Response, orgUrl: string, page: Page<T>, toWire: (item: T) => W): void {
  const self = new URL(req.originalUrl, orgUrl);
  const links = [`<${self.href}>; rel="self"`];
  if (page.next !== undefined) {
    const next = new URL(self.href);
    next.searchParams.set('after', page.next);
    links.push(`<${next.href}>; rel="next"`);
  }
  res.setHeader('Link', links);
  res.status(200).json(page.items.map(toWire));
}

import { Router } from 'express';
import { escapeLike } from '../util/like.js';
import type { AppContext } from '../context.js';
import { Errors } from '../errors.js';
import { pageQuery, queryString, sendPage } from './http.js';
import { compileFilter, parseFilter, type AttrSql } from './filter.js';

const LOG_ATTRS: Record<string, AttrSql> = {
  eventType: { sql: 'event_type' },
  severity: { sql: 'severity', caseInsensitive: true },
  'outcome.result': { sql: 'outcome', caseInsensitive: true },
  'actor.id': { sql: 'actor_id' },
  'transaction.id': { sql: 'request_id' },
  published: { sql: 'published' },
  uuid: { sql: 'id' },
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;

function dateParam(value: string | undefined, name: string, fallback: number): string {
  if (value === undefined) return new Date(fallback).toISOString();
  if (!ISO.test(value) || Number.isNaN(Date.parse(value))) {
    throw Errors.validation([{ field: name, message: "Dates must be ISO 8601, e.g. 2026-01-05T09:00:00.000Z" }], name);
  }
  return new Date(value).toISOString();
}

/**
 * `GET /api/v1/logs` (Okta's System Log API): `since` (default 7 days ago), `until` (default now),
 * `filter` on eventType, severity, outcome.result, actor.id, transaction.id, published, uuid;
 * `q` keywords (all must appear); oldest first, or newest first with `sortOrder=DESCENDING`; `limit` (default 100, at most 1000) and `after`.
 */
export function logsRouter(ctx: AppContext): Router {
  const r = Router();
  r.get('/', (req, res) => {
    const now = ctx.now();
    const since = dateParam(queryString(req, 'since'), 'since', now - 7 * 86_400_000);
    const until = dateParam(queryString(req, 'until'), 'until', now + 1000);
    const sortOrder = queryString(req, 'sortOrder') ?? 'ASCENDING';
    if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') throw Errors.validation([{ field: 'sortOrder', message: "'ASCENDING' or 'DESCENDING'" }], 'sortOrder');
    const where = ['published >= ?', 'published < ?'];
    const params: unknown[] = [since, until];
    const filter = queryString(req, 'filter');
    if (filter !== undefined) {
      const c = compileFilter(parseFilter(filter), (a) => (Object.hasOwn(LOG_ATTRS, a) ? LOG_ATTRS[a]! : null));
      where.push(c.sql);
      params.push(...c.params);
    }
    const q = queryString(req, 'q');
    if (q) {
      const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
      if (terms.length > 10) throw Errors.validation([{ field: 'q', message: 'At most 10 keywords' }], 'q');
      for (const t of terms) {
        where.push("search LIKE ? ESCAPE '\\'");
        params.push(`%${escapeLike(t)}%`);
      }
    }
    const page = pageQuery(req, 100, 1000);
    sendPage(req, res, ctx.orgUrl(), ctx.systemLog.list({ ...page, where: where.join(' AND '), params, descending: sortOrder === 'DESCENDING' }), (e) => e);
  });
  return r;
}

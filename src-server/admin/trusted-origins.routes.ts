import { Router } from 'express';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { Errors } from '../errors.js';
import { pageQuery, queryString, sendPage } from './http.js';
import { param } from './middleware.js';
import { escapeLike } from '../util/like.js';
import { newId } from '../util/ids.js';
import { parseTrustedOrigin, trustedOriginToWire, type TrustedOrigin } from '../directory/trusted-origins.js';

/** `/api/v1/trustedOrigins`, as the Okta SDK's TrustedOriginApi expects (200 everywhere, 204 on delete). */
export function trustedOriginsRouter(ctx: AppContext): Router {
  const r = Router();
  const repo = ctx.store.trustedOrigins;
  const admin = () => ctx.store.settings.get('orgId') ?? 'admin';
  const wire = (t: TrustedOrigin) => trustedOriginToWire(t, ctx.orgUrl(), admin());
  const find = (id: string) => {
    const t = repo.get(id);
    if (!t) throw Errors.notFound(id, 'TrustedOrigin');
    return t;
  };
  const refuseClash = (t: Pick<TrustedOrigin, 'name' | 'origin'>, id?: string) => {
    const field = repo.clash(t, id);
    if (field) throw Errors.validation([{ field, message: 'An object with this field already exists' }]);
  };

  r.get('/', (req, res) => {
    const q = queryString(req, 'q');
    const where = q ? { where: "(json_extract(data, '$.name') LIKE ? ESCAPE '\\' OR origin LIKE ? ESCAPE '\\')", params: [`${escapeLike(q)}%`, `%${escapeLike(q)}%`] } : {};
    sendPage(req, res, ctx.orgUrl(), repo.list({ ...pageQuery(req, 20, 200), ...where }), wire);
  });
  r.post('/', (req, res) => {
    const input = parseTrustedOrigin(req.body);
    refuseClash(input);
    const now = isoAt(ctx);
    const t: TrustedOrigin = { id: newId('trustedOrigin'), ...input, status: 'ACTIVE', created: now, lastUpdated: now };
    repo.put(t);
    res.status(200).json(wire(t));
  });
  r.get('/:id', (req, res) => {
    res.json(wire(find(param(req, 'id'))));
  });
  r.put('/:id', (req, res) => {
    const current = find(param(req, 'id'));
    const input = parseTrustedOrigin(req.body);
    refuseClash(input, current.id);
    const t = { ...current, ...input, lastUpdated: isoAt(ctx) };
    repo.put(t);
    res.json(wire(t));
  });
  r.delete('/:id', (req, res) => {
    repo.delete(find(param(req, 'id')).id);
    res.status(204).end();
  });
  for (const [verb, status] of [['activate', 'ACTIVE'], ['deactivate', 'INACTIVE']] as const) {
    r.post(`/:id/lifecycle/${verb}`, (req, res) => {
      const t = { ...find(param(req, 'id')), status, lastUpdated: isoAt(ctx) };
      repo.put(t);
      res.json(wire(t));
    });
  }
  return r;
}

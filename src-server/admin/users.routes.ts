import { Router, type Request } from 'express';
import { escapeLike } from '../util/like.js';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { Errors } from '../errors.js';
import { pageQuery, queryString, sendPage } from './http.js';
import { boolQuery, param } from './middleware.js';
import { compileFilter, parseFilter, type AttrSql } from './filter.js';
import { parseCreateUser, parsePartialUser, parseReplaceUser, userToWire, type LifecycleVerb, type User } from '../directory/users.js';
import { groupToWire } from '../directory/groups.js';
import * as dir from '../directory/service.js';
import { randomSecret } from '../util/ids.js';

const USER_COLUMNS: Record<string, string> = {
  id: 'id', status: 'status', created: 'created', activated: 'activated', statusChanged: 'status_changed',
  lastLogin: 'last_login', lastUpdated: 'last_updated', passwordChanged: 'password_changed',
};
/** Okta's `filter` allows only these attributes; `search` allows any profile attribute too. */
const FILTER_ATTRS = new Set(['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName']);

function userAttr(attr: string, forFilter: boolean): AttrSql | null {
  if (forFilter && !FILTER_ATTRS.has(attr)) return null;
  if (Object.hasOwn(USER_COLUMNS, attr)) return { sql: USER_COLUMNS[attr]!, caseInsensitive: attr === 'status' };
  const m = /^profile\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(attr);
  if (m) return { sql: `json_extract(profile, '$.${m[1]}')`, caseInsensitive: true };
  return null;
}

/** `q`, `filter` and `search` → SQL; plain listing hides DEPROVISIONED users, as Okta's does. */
function userWhere(req: Request): { where?: string; params: unknown[] } {
  const q = queryString(req, 'q');
  const filter = queryString(req, 'filter');
  const search = queryString(req, 'search');
  if (search !== undefined) {
    const c = compileFilter(parseFilter(search), (a) => userAttr(a, false));
    return { where: c.sql, params: c.params };
  }
  if (filter !== undefined) {
    const c = compileFilter(parseFilter(filter), (a) => userAttr(a, true));
    return { where: c.sql, params: c.params };
  }
  if (q !== undefined && q !== '') {
    const like = `${escapeLike(q)}%`;
    const cols = ['login', 'email', 'firstName', 'lastName'].map((a) => `json_extract(profile, '$.${a}') LIKE ? ESCAPE '\\'`);
    return { where: `status != 'DEPROVISIONED' AND (${cols.join(' OR ')})`, params: [like, like, like, like] };
  }
  return { where: "status != 'DEPROVISIONED'", params: [] };
}

export function usersRouter(ctx: AppContext): Router {
  const r = Router();
  const { store } = ctx;
  const typeId = () => store.settings.get('userTypeId') ?? '';
  const wire = (u: User) => userToWire(u, ctx.orgUrl(), typeId());

  r.get('/', (req, res) => {
    const page = pageQuery(req, 200, 200);
    const { where, params } = userWhere(req);
    sendPage(req, res, ctx.orgUrl(), store.users.list({ ...page, where, params }), wire);
  });

  r.post('/', async (req, res) => {
    const input = parseCreateUser(req.body);
    const user = await dir.createUser(store, input, boolQuery(req, 'activate', true), isoAt(ctx));
    res.status(200).json(wire(user));
  });

  r.get('/:id', (req, res) => {
    res.json(wire(dir.requireUser(store, param(req, 'id'))));
  });

  r.post('/:id', async (req, res) => {
    const user = dir.requireUser(store, param(req, 'id'));
    const input = parsePartialUser(req.body, user.profile);
    res.json(wire(await dir.updateUser(store, user, input, isoAt(ctx))));
  });

  r.put('/:id', async (req, res) => {
    const user = dir.requireUser(store, param(req, 'id'));
    const input = parseReplaceUser(req.body);
    res.json(wire(await dir.updateUser(store, user, input, isoAt(ctx))));
  });

  r.delete('/:id', (req, res) => {
    dir.deleteUser(store, dir.requireUser(store, param(req, 'id')), isoAt(ctx));
    res.status(204).end();
  });

  r.get('/:id/groups', (req, res) => {
    const user = dir.requireUser(store, param(req, 'id'));
    res.json(store.groups.groupsOfUser(user.id).map((g) => groupToWire(g, ctx.orgUrl())));
  });

  const lifecycle = (verb: LifecycleVerb, reply: (u: User, req: Request) => unknown) =>
    r.post(`/:id/lifecycle/${verb}`, (req, res) => {
      const user = dir.requireUser(store, param(req, 'id'));
      const next = dir.changeUserStatus(store, user, verb, isoAt(ctx));
      res.status(200).json(reply(next, req));
    });
  const activation = (u: User, req: Request) => {
    if (boolQuery(req, 'sendEmail', true)) return {};
    const token = randomSecret(15);
    return { activationUrl: `${ctx.orgUrl()}/welcome/${token}`, activationToken: token };
  };
  lifecycle('activate', activation);
  lifecycle('reactivate', activation);
  lifecycle('deactivate', () => ({}));
  lifecycle('suspend', () => ({}));
  lifecycle('unsuspend', () => ({}));
  lifecycle('unlock', () => ({}));
  lifecycle('expire_password', (u) => wire(u));
  lifecycle('reset_password', (_u, req) => (boolQuery(req, 'sendEmail', true) ? {} : { resetPasswordUrl: `${ctx.orgUrl()}/reset_password/${randomSecret(15)}` }));

  r.all('/:id/lifecycle/:verb', () => {
    throw Errors.pathNotFound();
  });
  return r;
}

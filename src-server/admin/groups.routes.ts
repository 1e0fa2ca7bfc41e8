import { Router, type Request } from 'express';
import { escapeLike } from '../util/like.js';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { pageQuery, queryString, sendPage } from './http.js';
import { param } from './middleware.js';
import { compileFilter, parseFilter, type AttrSql } from './filter.js';
import { groupToWire, parseGroup, type Group } from '../directory/groups.js';
import { userToWire } from '../directory/users.js';
import { appToWire } from '../directory/apps.js';
import * as dir from '../directory/service.js';

const GROUP_COLUMNS: Record<string, string> = {
  id: 'id', type: 'type', created: 'created', lastUpdated: 'last_updated', lastMembershipUpdated: 'last_membership_updated',
};

function groupAttr(attr: string): AttrSql | null {
  if (Object.hasOwn(GROUP_COLUMNS, attr)) return { sql: GROUP_COLUMNS[attr]!, caseInsensitive: attr === 'type' };
  const m = /^profile\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(attr);
  if (m) return { sql: `json_extract(profile, '$.${m[1]}')`, caseInsensitive: true };
  return null;
}

function groupWhere(req: Request): { where?: string; params: unknown[] } {
  const expr = queryString(req, 'search') ?? queryString(req, 'filter');
  if (expr !== undefined) {
    const c = compileFilter(parseFilter(expr), groupAttr);
    return { where: c.sql, params: c.params };
  }
  const q = queryString(req, 'q');
  if (q) return { where: "name LIKE ? ESCAPE '\\'", params: [`${escapeLike(q)}%`] };
  return { params: [] };
}

export function groupsRouter(ctx: AppContext): Router {
  const r = Router();
  const { store } = ctx;
  const wire = (g: Group) => groupToWire(g, ctx.orgUrl());

  r.get('/', (req, res) => {
    const page = pageQuery(req, 10_000, 10_000);
    sendPage(req, res, ctx.orgUrl(), store.groups.list({ ...page, ...groupWhere(req) }), wire);
  });
  r.post('/', (req, res) => {
    res.status(200).json(wire(dir.createGroup(store, parseGroup(req.body), isoAt(ctx))));
  });
  r.get('/:id', (req, res) => {
    res.json(wire(dir.requireGroup(store, param(req, 'id'))));
  });
  r.put('/:id', (req, res) => {
    const group = dir.requireGroup(store, param(req, 'id'));
    res.json(wire(dir.replaceGroup(store, group, parseGroup(req.body), isoAt(ctx))));
  });
  r.delete('/:id', (req, res) => {
    dir.deleteGroup(store, dir.requireGroup(store, param(req, 'id')));
    res.status(204).end();
  });

  r.get('/:id/users', (req, res) => {
    const group = dir.requireGroup(store, param(req, 'id'));
    const { limit, after } = pageQuery(req, 1000, 10_000);
    const page = store.groups.memberPage(group, after, limit);
    const typeId = store.settings.get('userTypeId') ?? '';
    sendPage(req, res, ctx.orgUrl(), page, (uid) => userToWire(store.users.get(uid)!, ctx.orgUrl(), typeId));
  });
  r.put('/:id/users/:userId', (req, res) => {
    const group = dir.requireGroup(store, param(req, 'id'));
    const user = dir.requireUser(store, param(req, 'userId'));
    dir.addGroupMember(store, group, user, isoAt(ctx));
    res.status(204).end();
  });
  r.delete('/:id/users/:userId', (req, res) => {
    const group = dir.requireGroup(store, param(req, 'id'));
    const user = dir.requireUser(store, param(req, 'userId'));
    dir.removeGroupMember(store, group, user, isoAt(ctx));
    res.status(204).end();
  });
  r.get('/:id/apps', (req, res) => {
    const group = dir.requireGroup(store, param(req, 'id'));
    const orgKid = store.authServers.activeKey(null)?.kid;
    res.json(store.apps.appIdsOfGroup(group.id).map((id) => appToWire(store.apps.get(id)!, ctx.orgUrl(), orgKid)));
  });
  return r;
}

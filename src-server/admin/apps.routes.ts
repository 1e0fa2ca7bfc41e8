import { Router, type Request } from 'express';
import { escapeLike } from '../util/like.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { Errors } from '../errors.js';
import { link, pageQuery, queryString, sendPage } from './http.js';
import { boolQuery, param } from './middleware.js';
import { parseBody, readOnly } from './validation.js';
import { compileFilter, parseFilter, type AttrSql } from './filter.js';
import { appToWire, appUserName, parseApp, type App } from '../directory/apps.js';
import * as dir from '../directory/service.js';
import type { AppGroupAssignment, AppUserAssignment } from '../store/apps.js';

/** `GET /apps?filter=`: Okta supports `status`, `name`, `user.id` and `group.id`. */
function appAttr(attr: string): AttrSql | null {
  switch (attr) {
    case 'status': return { sql: 'status', caseInsensitive: true };
    case 'name': return { sql: "'oidc_client'" };
    case 'id': return { sql: 'id' };
    case 'label': return { sql: 'label', caseInsensitive: true };
    default: return null;
  }
}

function appWhere(req: Request): { where?: string; params: unknown[] } {
  const filter = queryString(req, 'filter');
  const q = queryString(req, 'q');
  if (filter !== undefined) {
    // Membership filters (`user.id eq "…"`, `group.id eq "…"`) are rewritten to sub-queries.
    const m = /^\s*(user|group)\.id\s+eq\s+"([^"]+)"\s*$/.exec(filter);
    if (m) {
      return m[1] === 'group'
        ? { where: 'id IN (SELECT app_id FROM app_groups WHERE group_id = ?)', params: [m[2]] }
        : {
            where: `id IN (SELECT app_id FROM app_users WHERE user_id = ?) OR id IN (SELECT ag.app_id FROM app_groups ag JOIN group_members gm ON gm.group_id = ag.group_id WHERE gm.user_id = ?) OR id IN (SELECT ag.app_id FROM app_groups ag JOIN groups g ON g.id = ag.group_id WHERE g.type = 'BUILT_IN')`,
            params: [m[2], m[2]],
          };
    }
    const c = compileFilter(parseFilter(filter), (a) => (a.startsWith('user.') || a.startsWith('group.') ? null : appAttr(a)));
    return { where: c.sql, params: c.params };
  }
  if (q) {
    const like = `${escapeLike(q)}%`;
    return { where: "label LIKE ? ESCAPE '\\' OR 'oidc_client' LIKE ? ESCAPE '\\'", params: [like, like] };
  }
  return { params: [] };
}

const appUserSchema = z.strictObject({
  id: z.string().min(1).optional(),
  scope: z.enum(['USER', 'GROUP']).optional(),
  credentials: z.strictObject({ userName: z.string().min(1).max(100).optional(), password: readOnly }).optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
  externalId: readOnly, created: readOnly, lastUpdated: readOnly, status: readOnly, statusChanged: readOnly, passwordChanged: readOnly,
  syncState: readOnly, lastSync: readOnly, _links: readOnly, _embedded: readOnly,
});

const groupAssignmentSchema = z.strictObject({
  priority: z.number().int().min(0).optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
  id: readOnly, lastUpdated: readOnly, _links: readOnly, _embedded: readOnly,
});

export function appsRouter(ctx: AppContext): Router {
  const r = Router();
  const { store } = ctx;
  const wire = (a: App) => appToWire(a, ctx.orgUrl(), store.authServers.activeKey(null)?.kid);

  const appUserWire = (app: App, userId: string, scope: 'USER' | 'GROUP', direct?: AppUserAssignment) => {
    const user = store.users.get(userId)!;
    const userName = direct?.userName || appUserName(app.userNameTemplate.template, user.profile);
    return {
      id: userId,
      externalId: null,
      created: direct?.created ?? user.created,
      lastUpdated: direct?.lastUpdated ?? user.lastUpdated,
      scope,
      status: 'ACTIVE',
      statusChanged: direct?.created ?? user.created,
      passwordChanged: null,
      syncState: 'DISABLED',
      credentials: { userName },
      profile: direct?.profile ?? {},
      _links: {
        app: link(`${ctx.orgUrl()}/api/v1/apps/${app.id}`),
        user: link(`${ctx.orgUrl()}/api/v1/users/${userId}`),
      },
    };
  };
  const groupAssignmentWire = (a: AppGroupAssignment) => ({
    id: a.groupId,
    lastUpdated: a.lastUpdated,
    priority: a.priority,
    profile: a.profile,
    _links: {
      app: link(`${ctx.orgUrl()}/api/v1/apps/${a.appId}`),
      self: link(`${ctx.orgUrl()}/api/v1/apps/${a.appId}/groups/${a.groupId}`),
      group: link(`${ctx.orgUrl()}/api/v1/groups/${a.groupId}`),
    },
  });

  r.get('/', (req, res) => {
    const page = pageQuery(req, 20, 200);
    sendPage(req, res, ctx.orgUrl(), store.apps.list({ ...page, ...appWhere(req) }), wire);
  });
  r.post('/', (req, res) => {
    const input = parseApp(req.body);
    res.status(200).json(wire(dir.createApp(store, input, boolQuery(req, 'activate', true), isoAt(ctx))));
  });
  r.get('/:id', (req, res) => {
    res.json(wire(dir.requireApp(store, param(req, 'id'))));
  });
  r.put('/:id', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    res.json(wire(dir.replaceApp(store, app, parseApp(req.body, app), isoAt(ctx))));
  });
  r.delete('/:id', (req, res) => {
    dir.deleteApp(store, dir.requireApp(store, param(req, 'id')));
    res.status(204).end();
  });
  r.post('/:id/lifecycle/activate', (req, res) => {
    dir.setAppStatus(store, dir.requireApp(store, param(req, 'id')), 'ACTIVE', isoAt(ctx));
    res.status(200).json({});
  });
  r.post('/:id/lifecycle/deactivate', (req, res) => {
    dir.setAppStatus(store, dir.requireApp(store, param(req, 'id')), 'INACTIVE', isoAt(ctx));
    res.status(200).json({});
  });

  // ---- user assignments ----
  r.get('/:id/users', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const { limit, after } = pageQuery(req, 50, 500);
    sendPage(req, res, ctx.orgUrl(), store.apps.userPage(app.id, after, limit), (v) => appUserWire(app, v.userId, v.scope, v.direct));
  });
  r.post('/:id/users', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const body = parseBody(appUserSchema, req.body);
    if (!body.id) throw Errors.validation([{ field: 'id', message: 'The field cannot be left blank' }]);
    const user = store.users.get(body.id);
    if (!user) throw Errors.notFound(body.id, 'User');
    const a = dir.assignUserToApp(store, app, user, body.credentials?.userName, body.profile ?? {}, isoAt(ctx), true);
    res.status(200).json(appUserWire(app, user.id, 'USER', a));
  });
  r.get('/:id/users/:userId', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const userId = param(req, 'userId');
    const direct = store.apps.getUserAssignment(app.id, userId);
    if (!direct && !(store.users.get(userId) && store.apps.isAssigned(app.id, userId))) throw Errors.notFound(userId, 'AppUser');
    res.json(appUserWire(app, userId, direct ? 'USER' : 'GROUP', direct));
  });
  r.post('/:id/users/:userId', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const user = dir.requireUser(store, param(req, 'userId'));
    const body = parseBody(appUserSchema, req.body);
    if (!store.apps.isAssigned(app.id, user.id)) throw Errors.notFound(user.id, 'AppUser');
    const a = dir.assignUserToApp(store, app, user, body.credentials?.userName, body.profile ?? {}, isoAt(ctx), false);
    res.json(appUserWire(app, user.id, 'USER', a));
  });
  r.delete('/:id/users/:userId', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const userId = param(req, 'userId');
    if (!store.apps.deleteUserAssignment(app.id, userId)) throw Errors.notFound(userId, 'AppUser');
    res.status(204).end();
  });

  // ---- group assignments ----
  r.get('/:id/groups', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const { limit, after } = pageQuery(req, 20, 200);
    sendPage(req, res, ctx.orgUrl(), store.apps.groupAssignmentPage(app.id, after, limit), groupAssignmentWire);
  });
  r.put('/:id/groups/:groupId', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const group = dir.requireGroup(store, param(req, 'groupId'));
    // The SDK may send no body at all (an empty request with a JSON content type).
    const body = req.body === undefined ? {} : parseBody(groupAssignmentSchema, req.body);
    res.json(groupAssignmentWire(dir.assignGroupToApp(store, app, group, body.priority, body.profile ?? {}, isoAt(ctx))));
  });
  r.get('/:id/groups/:groupId', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    const a = store.apps.getGroupAssignment(app.id, param(req, 'groupId'));
    if (!a) throw Errors.notFound(param(req, 'groupId'), 'ApplicationGroupAssignment');
    res.json(groupAssignmentWire(a));
  });
  r.delete('/:id/groups/:groupId', (req, res) => {
    const app = dir.requireApp(store, param(req, 'id'));
    if (!store.apps.deleteGroupAssignment(app.id, param(req, 'groupId'))) throw Errors.notFound(param(req, 'groupId'), 'ApplicationGroupAssignment');
    res.status(204).end();
  });
  return r;
}

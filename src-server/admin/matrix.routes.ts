import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { Errors, type FieldIssue } from '../errors.js';
import { parseBody } from './validation.js';
import { param } from './middleware.js';
import * as authz from '../authz/service.js';
import { clientModel, serverModel } from '../authz/decision-model.js';
import { RULE_GRANT_TYPES } from '../authz/policies.js';
import { accessMatrix, type MatrixClient, type MatrixSubject } from '../policy/matrix.js';

const ids = z.array(z.string().min(1)).max(10_000);
/** Enough for the large org of the issue (50 clients × 6 grants × 200 groups × 100 scopes), no more. */
export const MAX_CELLS = 6_000_000;
const matrixSchema = z.strictObject({
  grantTypes: z.array(z.enum(RULE_GRANT_TYPES)).min(1).optional(),
  clientIds: ids.optional(),
  groupIds: ids.optional(),
  userIds: ids.optional(),
  scopes: ids.optional(),
});

/**
 * `POST /api/v1/authorizationServers/{id}/matrix` (Gatehouse extension): which scopes every client ×
 * grant type × group (and, when asked, named users) can get, and through which rule. Every field of
 * the body narrows the matrix; an empty body asks for all clients, all groups, every grant type the
 * server's rules name, and every scope.
 */
export function matrixRouter(ctx: AppContext): Router {
  const r = Router();
  r.post('/:as/matrix', (req, res) => {
    const { store } = ctx;
    const server = authz.requireServer(store, param(req, 'as'));
    const raw = parseBody(matrixSchema, req.body ?? {});
    const uniq = (xs?: string[]) => (xs ? [...new Set(xs)] : undefined);
    const body = { ...raw, clientIds: uniq(raw.clientIds), groupIds: uniq(raw.groupIds), userIds: uniq(raw.userIds), scopes: uniq(raw.scopes), grantTypes: uniq(raw.grantTypes) as typeof raw.grantTypes };
    const model = serverModel(store, server, ctx.orgUrl());
    const issues: FieldIssue[] = [];

    const apps = body.clientIds
      ? body.clientIds.map((id) => store.apps.getByClientId(id) ?? store.apps.get(id) ?? (issues.push({ field: 'clientIds', message: `There is no client with the id '${id}'` }), undefined))
      : store.apps.all();
    const groups = body.groupIds
      ? body.groupIds.map((id) => store.groups.get(id) ?? (issues.push({ field: 'groupIds', message: `There is no group with the id '${id}'` }), undefined))
      : store.groups.list({ limit: 100_000 }).items;
    const users = (body.userIds ?? []).map((id) => store.users.find(id) ?? (issues.push({ field: 'userIds', message: `There is no user '${id}'` }), undefined));
    for (const s of body.scopes ?? []) if (!model.scopes.has(s)) issues.push({ field: 'scopes', message: `The scope '${s}' is not defined on this authorization server` });
    if (issues.length) throw Errors.validation(issues);

    const everyone = store.groups.everyone();
    const clients: MatrixClient[] = apps.map((a) => ({
      ...clientModel(a!),
      assignedGroupIds: new Set(store.apps.assignedGroupIds(a!.id)),
      assignedUserIds: new Set(store.apps.assignedUserIds(a!.id)),
    }));
    const subjects: MatrixSubject[] = [
      ...groups.map((g) => ({ type: 'group' as const, id: g!.id, name: g!.profile.name, groupIds: new Set([g!.id, everyone.id]), status: 'ACTIVE' })),
      ...users.map((u) => ({
        type: 'user' as const,
        id: u!.id,
        name: u!.profile.login,
        groupIds: new Set(store.groups.groupsOfUser(u!.id).map((g) => g.id)),
        status: u!.status,
      })),
    ];
    const named = new Set(model.policies.flatMap((p) => p.rules.flatMap((x) => x.conditions.grantTypes.include)));
    const grantTypes = body.grantTypes ?? RULE_GRANT_TYPES.filter((g) => named.has(g));
    const cells = clients.length * grantTypes.length * Math.max(1, subjects.length) * (body.scopes?.length ?? model.scopes.size);
    if (cells > MAX_CELLS) {
      throw Errors.validation([{ field: '', message: `The matrix would have ${cells.toLocaleString('en')} cells; at most ${MAX_CELLS.toLocaleString('en')}. Narrow it with clientIds, groupIds, userIds, grantTypes or scopes.` }], 'matrix');
    }
    res.json(accessMatrix({ server: model, clients, grantTypes, subjects, scopes: body.scopes }));
  });
  return r;
}

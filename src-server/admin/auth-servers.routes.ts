import { Router } from 'express';
import { escapeLike } from '../util/like.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { Errors } from '../errors.js';
import { pageQuery, queryString, sendPage } from './http.js';
import { param } from './middleware.js';
import { compileFilter, parseFilter } from './filter.js';
import { authServerToWire, parseAuthServer, type AuthServer } from '../authz/servers.js';
import { parseScope, scopeToWire } from '../authz/scopes.js';
import { claimToWire, parseClaim } from '../authz/claims.js';
import { parsePolicy, parseRule, policyToWire, ruleToWire } from '../authz/policies.js';
import { keyToWire, PUBLISHED_STATUSES } from '../tokens/keys.js';
import * as authz from '../authz/service.js';

const rotateSchema = z.strictObject({ use: z.literal('sig') });

export function authServersRouter(ctx: AppContext): Router {
  const r = Router();
  const { store } = ctx;
  const org = () => ctx.orgUrl();
  const wire = (s: AuthServer) => authServerToWire(s, org(), store.authServers.activeKey(s.id)?.kid);
  const server = (id: string) => authz.requireServer(store, id);

  // ---- servers ----
  r.get('/', (req, res) => {
    const page = pageQuery(req, 200, 200);
    const q = queryString(req, 'q');
    const where = q ? { where: "name LIKE ? ESCAPE '\\'", params: [`${escapeLike(q)}%`] } : {};
    sendPage(req, res, org(), store.authServers.list({ ...page, ...where }), wire);
  });
  r.post('/', async (req, res) => {
    const input = parseAuthServer(req.body);
    res.status(201).json(wire(await authz.createAuthServer(store, input, isoAt(ctx))));
  });
  r.get('/:as', (req, res) => {
    res.json(wire(server(param(req, 'as'))));
  });
  r.put('/:as', (req, res) => {
    const current = server(param(req, 'as'));
    res.json(wire(authz.replaceAuthServer(store, current, parseAuthServer(req.body, current), isoAt(ctx))));
  });
  r.delete('/:as', (req, res) => {
    authz.deleteAuthServer(store, server(param(req, 'as')));
    res.status(204).end();
  });
  r.post('/:as/lifecycle/activate', (req, res) => {
    authz.setServerStatus(store, server(param(req, 'as')), 'ACTIVE', isoAt(ctx));
    res.status(204).end();
  });
  r.post('/:as/lifecycle/deactivate', (req, res) => {
    authz.setServerStatus(store, server(param(req, 'as')), 'INACTIVE', isoAt(ctx));
    res.status(204).end();
  });

  // ---- keys ----
  const keyList = (id: string) => store.authServers.keys(id, PUBLISHED_STATUSES).map((k) => keyToWire(k, org()));
  r.get('/:as/credentials/keys', (req, res) => {
    res.json(keyList(server(param(req, 'as')).id));
  });
  r.get('/:as/credentials/keys/:kid', (req, res) => {
    const s = server(param(req, 'as'));
    const key = store.authServers.keys(s.id, PUBLISHED_STATUSES).find((k) => k.kid === param(req, 'kid'));
    if (!key) throw Errors.notFound(param(req, 'kid'), 'JsonWebKey');
    res.json(keyToWire(key, org()));
  });
  r.post('/:as/credentials/lifecycle/keyRotate', async (req, res) => {
    const s = server(param(req, 'as'));
    if (req.body === undefined || typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw Errors.malformedBody('The request body must be a JSON object.');
    }
    if (!rotateSchema.safeParse(req.body).success) {
      throw Errors.validation([{ field: '', message: "Invalid value specified for key 'use' parameter." }], 'rotateKeys');
    }
    await authz.rotateKeys(store, s.id, isoAt(ctx));
    res.status(200).json(keyList(s.id));
  });

  // ---- scopes ----
  r.get('/:as/scopes', (req, res) => {
    const s = server(param(req, 'as'));
    const page = pageQuery(req, 200, 200);
    const q = queryString(req, 'q');
    const filter = queryString(req, 'filter');
    let where: { where?: string; params?: unknown[] } = {};
    if (filter !== undefined) {
      const c = compileFilter(parseFilter(filter), (a) => (a === 'name' ? { sql: 'name' } : a === 'system' ? { sql: 'system' } : null));
      where = { where: c.sql, params: c.params };
    } else if (q) {
      where = { where: "name LIKE ? ESCAPE '\\'", params: [`%${escapeLike(q)}%`] };
    }
    sendPage(req, res, org(), store.authServers.scopes(s.id, { ...page, ...where }), (x) => scopeToWire(x, org()));
  });
  r.post('/:as/scopes', (req, res) => {
    const s = server(param(req, 'as'));
    res.status(201).json(scopeToWire(authz.putScope(store, s, parseScope(req.body)), org()));
  });
  r.get('/:as/scopes/:id', (req, res) => {
    const s = server(param(req, 'as'));
    res.json(scopeToWire(authz.requireScope(store, s, param(req, 'id')), org()));
  });
  r.put('/:as/scopes/:id', (req, res) => {
    const s = server(param(req, 'as'));
    const existing = authz.requireScope(store, s, param(req, 'id'));
    res.json(scopeToWire(authz.putScope(store, s, parseScope(req.body), existing), org()));
  });
  r.delete('/:as/scopes/:id', (req, res) => {
    const s = server(param(req, 'as'));
    authz.deleteScope(store, authz.requireScope(store, s, param(req, 'id')));
    res.status(204).end();
  });

  // ---- claims ----
  const scopeExists = (s: AuthServer) => (name: string) => !!store.authServers.scopeByName(s.id, name);
  r.get('/:as/claims', (req, res) => {
    const s = server(param(req, 'as'));
    res.json(store.authServers.claims(s.id).map((c) => claimToWire(c, org())));
  });
  r.post('/:as/claims', (req, res) => {
    const s = server(param(req, 'as'));
    res.status(201).json(claimToWire(authz.putClaim(store, s, parseClaim(req.body, scopeExists(s))), org()));
  });
  r.get('/:as/claims/:id', (req, res) => {
    const s = server(param(req, 'as'));
    res.json(claimToWire(authz.requireClaim(store, s, param(req, 'id')), org()));
  });
  r.put('/:as/claims/:id', (req, res) => {
    const s = server(param(req, 'as'));
    const existing = authz.requireClaim(store, s, param(req, 'id'));
    res.json(claimToWire(authz.putClaim(store, s, parseClaim(req.body, scopeExists(s), existing), existing), org()));
  });
  r.delete('/:as/claims/:id', (req, res) => {
    const s = server(param(req, 'as'));
    authz.deleteClaim(store, authz.requireClaim(store, s, param(req, 'id')));
    res.status(204).end();
  });

  // ---- policies ----
  const clientExists = (id: string) => !!store.apps.getByClientId(id);
  r.get('/:as/policies', (req, res) => {
    const s = server(param(req, 'as'));
    res.json(store.authServers.policies(s.id).map((p) => policyToWire(p, org())));
  });
  r.post('/:as/policies', (req, res) => {
    const s = server(param(req, 'as'));
    res.status(201).json(policyToWire(authz.putPolicy(store, s, parsePolicy(req.body, clientExists), isoAt(ctx)), org()));
  });
  r.get('/:as/policies/:pid', (req, res) => {
    const s = server(param(req, 'as'));
    res.json(policyToWire(authz.requirePolicy(store, s, param(req, 'pid')), org()));
  });
  r.put('/:as/policies/:pid', (req, res) => {
    const s = server(param(req, 'as'));
    const existing = authz.requirePolicy(store, s, param(req, 'pid'));
    res.json(policyToWire(authz.putPolicy(store, s, parsePolicy(req.body, clientExists), isoAt(ctx), existing), org()));
  });
  r.delete('/:as/policies/:pid', (req, res) => {
    const s = server(param(req, 'as'));
    authz.deletePolicy(store, authz.requirePolicy(store, s, param(req, 'pid')));
    res.status(204).end();
  });
  r.post('/:as/policies/:pid/lifecycle/:verb', (req, res) => {
    const s = server(param(req, 'as'));
    const p = authz.requirePolicy(store, s, param(req, 'pid'));
    const verb = param(req, 'verb');
    if (verb !== 'activate' && verb !== 'deactivate') throw Errors.pathNotFound();
    authz.setPolicyStatus(store, p, verb === 'activate' ? 'ACTIVE' : 'INACTIVE', isoAt(ctx));
    res.status(204).end();
  });

  // ---- rules ----
  r.get('/:as/policies/:pid/rules', (req, res) => {
    const s = server(param(req, 'as'));
    const p = authz.requirePolicy(store, s, param(req, 'pid'));
    res.json(store.authServers.rules(p.id).map((x) => ruleToWire(x, org())));
  });
  r.post('/:as/policies/:pid/rules', (req, res) => {
    const s = server(param(req, 'as'));
    const p = authz.requirePolicy(store, s, param(req, 'pid'));
    res.status(201).json(ruleToWire(authz.putRule(store, p, parseRule(req.body, authz.ruleRefs(store, s)), isoAt(ctx)), org()));
  });
  r.get('/:as/policies/:pid/rules/:rid', (req, res) => {
    const s = server(param(req, 'as'));
    const p = authz.requirePolicy(store, s, param(req, 'pid'));
    res.json(ruleToWire(authz.requireRule(store, p, param(req, 'rid')), org()));
  });
  r.put('/:as/policies/:pid/rules/:rid', (req, res) => {
    const s = server(param(req, 'as'));
    const p = authz.requirePolicy(store, s, param(req, 'pid'));
    const existing = authz.requireRule(store, p, param(req, 'rid'));
    res.json(ruleToWire(authz.putRule(store, p, parseRule(req.body, authz.ruleRefs(store, s)), isoAt(ctx), existing), org()));
  });
  r.delete('/:as/policies/:pid/rules/:rid', (req, res) => {
    const s = server(param(req, 'as'));
    const p = authz.requirePolicy(store, s, param(req, 'pid'));
    authz.deleteRule(store, authz.requireRule(store, p, param(req, 'rid')));
    res.status(204).end();
  });
  r.post('/:as/policies/:pid/rules/:rid/lifecycle/:verb', (req, res) => {
    const s = server(param(req, 'as'));
    const p = authz.requirePolicy(store, s, param(req, 'pid'));
    const rule = authz.requireRule(store, p, param(req, 'rid'));
    const verb = param(req, 'verb');
    if (verb !== 'activate' && verb !== 'deactivate') throw Errors.pathNotFound();
    authz.setRuleStatus(store, rule, verb === 'activate' ? 'ACTIVE' : 'INACTIVE', isoAt(ctx));
    res.status(204).end();
  });
  return r;
}

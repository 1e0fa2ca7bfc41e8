import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { Errors } from '../errors.js';
import { apiErrorHandler, bodyErrors, requireAdminToken, sameOriginOnly } from './middleware.js';
import { authnRouter } from './authn.routes.js';
import { usersRouter } from './users.routes.js';
import { groupsRouter } from './groups.routes.js';
import { appsRouter } from './apps.routes.js';
import { authServersRouter } from './auth-servers.routes.js';
import { previewRouter } from './preview.routes.js';
import { matrixRouter } from './matrix.routes.js';
import { logsRouter } from './logs.routes.js';
import { expressionsRouter } from './expressions.routes.js';
import { trustedOriginsRouter } from './trusted-origins.routes.js';
import { workspaceRouter } from './workspace.routes.js';
import { simulatorRouter } from './simulator.routes.js';
import { remoteJsonRouter } from './remote-json.routes.js';
import { UI_COOKIE, uiCookie } from './ui-sessions.js';

export const BODY_LIMIT = '1mb';

/** Paths the API serves, so an unsupported method answers 405 E0000022 rather than 404. */
const KNOWN_PATHS = [
  '/users', '/users/:id', '/users/:id/groups',
  ...['activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock', 'expire_password', 'reset_password'].map((v) => `/users/:id/lifecycle/${v}`),
  '/groups', '/groups/:id', '/groups/:id/users', '/groups/:id/users/:uid', '/groups/:id/apps',
  '/apps', '/apps/:id', '/apps/:id/lifecycle/activate', '/apps/:id/lifecycle/deactivate', '/apps/:id/users', '/apps/:id/users/:uid', '/apps/:id/groups', '/apps/:id/groups/:gid',
  '/authorizationServers', '/authorizationServers/:as', '/authorizationServers/:as/lifecycle/activate', '/authorizationServers/:as/lifecycle/deactivate',
  '/authorizationServers/:as/credentials/keys', '/authorizationServers/:as/credentials/keys/:kid', '/authorizationServers/:as/credentials/lifecycle/keyRotate',
  '/authorizationServers/:as/scopes', '/authorizationServers/:as/scopes/:id',
  '/authorizationServers/:as/claims', '/authorizationServers/:as/claims/:id',
  '/authorizationServers/:as/policies', '/authorizationServers/:as/policies/:pid',
  '/authorizationServers/:as/policies/:pid/lifecycle/activate', '/authorizationServers/:as/policies/:pid/lifecycle/deactivate',
  '/authorizationServers/:as/policies/:pid/rules', '/authorizationServers/:as/policies/:pid/rules/:rid',
  '/authorizationServers/:as/policies/:pid/rules/:rid/lifecycle/activate', '/authorizationServers/:as/policies/:pid/rules/:rid/lifecycle/deactivate',
  '/authorizationServers/:as/preview', '/authorizationServers/:as/matrix',
  '/logs', '/trustedOrigins', '/trustedOrigins/:id', '/trustedOrigins/:id/lifecycle/activate', '/trustedOrigins/:id/lifecycle/deactivate', '/gatehouse/expressions/validate', '/gatehouse/expressions/evaluate', '/gatehouse/expressions/complete', '/gatehouse/expressions/functions', '/gatehouse/session', '/gatehouse/ui-logins',
  '/authn',
  ...['plan', 'prepare', 'send', 'callback', 'run'].map((v) => `/gatehouse/simulator/${v}`),
  '/gatehouse/remote-json',
  '/gatehouse/scenarios', '/gatehouse/scenarios/run', '/gatehouse/scenarios/:id', '/gatehouse/scenarios/:id/run',
  ...['export', 'plan', 'import', 'pull', 'push'].map((v) => `/gatehouse/workspace/${v}`),
];

// The simulator and scenario runs are clients of the protocol endpoints: they change no configuration.
const READS_BY_POST = /^\/(authn\b|gatehouse\/expressions\/|gatehouse\/simulator\/|gatehouse\/remote-json$|gatehouse\/scenarios\/([^/]+\/)?run$|gatehouse\/workspace\/plan$|authorizationServers\/[^/]+\/(preview|matrix)$)/;

/** Okta's Management and Authentication APIs under `/api/v1`. */
export function adminRouter(ctx: AppContext): Router {
  const r = Router();
  const json = express.json({ limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] });
  r.use(sameOriginOnly());
  // Any write may change what the protocol endpoints decide: invalidate their cached
  // configuration before the write (no request after it starts trusts the cache) and again when it
  // is done (a request that cached the old state meanwhile is not trusted either). Sign-ins and the
  // read-only tools that happen to be POSTs change no configuration.
  r.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && !READS_BY_POST.test(req.path)) {
      ctx.configVersion++;
      res.once('close', () => ctx.configVersion++);
    }
    next();
  });

  r.use('/authn', json, bodyErrors, authnRouter(ctx));
  // Public: lets the UI (and a person with curl) see what is running, without the admin token.
  r.get('/gatehouse/info', (_req, res) => {
    res.json({ name: 'Gatehouse', version: ctx.version, orgUrl: ctx.orgUrl() });
  });

  // The token is checked before the body is read: an unauthenticated caller learns nothing.
  r.use(requireAdminToken(ctx));
  r.use(json, bodyErrors);
  r.use('/users', usersRouter(ctx));
  r.use('/groups', groupsRouter(ctx));
  r.use('/apps', appsRouter(ctx));
  r.use('/logs', logsRouter(ctx));
  r.use('/trustedOrigins', trustedOriginsRouter(ctx));
  r.use('/gatehouse/expressions', expressionsRouter(ctx));
  r.use('/gatehouse/workspace', workspaceRouter(ctx));
  r.use('/gatehouse/remote-json', remoteJsonRouter(ctx));
  r.use('/gatehouse', simulatorRouter(ctx));
  // The workbench's own session: who am I, sign out, and a new one-time sign-in URL.
  r.get('/gatehouse/session', (req, res) => {
    res.json({ signedIn: true, via: req.headers.authorization ? 'token' : 'cookie', orgUrl: ctx.orgUrl(), version: ctx.version });
  });
  r.delete('/gatehouse/session', (req, res) => {
    ctx.uiSessions.end(uiCookie(req));
    res.clearCookie(UI_COOKIE, { path: '/' }).status(204).end();
  });
  r.post('/gatehouse/ui-logins', (_req, res) => {
    res.status(201).json({ url: `${ctx.orgUrl()}/gatehouse/login?token=${ctx.uiSessions.issueLogin()}` });
  });
  r.use('/authorizationServers', previewRouter(ctx), matrixRouter(ctx), authServersRouter(ctx));

  r.all(KNOWN_PATHS, () => {
    throw Errors.methodNotAllowed();
  });
  r.use(() => {
    throw Errors.pathNotFound();
  });
  r.use(apiErrorHandler(ctx));
  return r;
}

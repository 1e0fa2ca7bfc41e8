import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { Errors } from '../errors.js';
import { parseBody, blank } from './validation.js';
import { param } from './middleware.js';
import * as authz from '../authz/service.js';
import { clientModel, orgInfo, serverModel, subjectModel } from '../authz/decision-model.js';
import { prepareTokens, type PreparedTokens } from '../tokens/prepare.js';
import { USERLESS_GRANTS } from '../policy/engine.js';
import { claimEvaluator } from '../policy/expressions.js';
import type { TokenClaims } from '../policy/claims.js';

/** Grants the preview can play (reference §8), with `refresh_token` judged by `originalGrantType`. */
const PREVIEW_GRANTS = [
  'authorization_code', 'implicit', 'password', 'client_credentials', 'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange',
] as const;

const spaceList = z.union([z.array(z.string().min(1)).max(200), z.string().max(4096).transform((s) => s.split(/\s+/).filter(Boolean))]);

const previewSchema = z.strictObject({
  clientId: z.string({ error: blank }).min(1),
  grantType: z.enum(PREVIEW_GRANTS, { error: blank }),
  originalGrantType: z.enum(PREVIEW_GRANTS).optional(),
  userId: z.string().min(1).optional(),
  scopes: spaceList.optional(),
  responseType: z.string().max(100).optional(),
  prompt: spaceList.optional(),
  nonce: z.string().max(1024).optional(),
  consentedScopes: z.array(z.string()).max(200).optional(),
});

const SIGNATURE_REMOVED = '/* The JWT signature has been removed from this token preview. */';

function tokenView(t: TokenClaims) {
  return { header: t.header, payload: t.payload, signature: SIGNATURE_REMOVED, claims: t.sources };
}

/** The preview's answer: the decision and its trace, then the tokens, or the endpoint's exact error. */
export function previewToWire(p: PreparedTokens) {
  const d = p.decision;
  return {
    result: p.failure ? 'denied' : 'granted',
    ...(p.failure ? { error: { error: p.failure.error, error_description: p.failure.description, status: p.failure.status, ...(p.failure.reason ? { reason: p.failure.reason } : {}) } } : {}),
    decision: d.ok
      ? { policy: d.policy, rule: d.rule, scopes: d.scopes, lifetimes: d.lifetimes, refreshToken: d.refreshToken, consentScopes: d.consentScopes }
      : null,
    trace: d.trace,
    tokens: {
      ...(p.accessToken ? { access_token: tokenView(p.accessToken) } : {}),
      ...(p.idToken ? { id_token: tokenView(p.idToken) } : {}),
      ...(p.refreshToken ? { refresh_token: p.refreshToken } : {}),
    },
    ...(p.failedSources ? { claims: p.failedSources } : {}),
  };
}

/**
 * `POST /api/v1/authorizationServers/{id}/preview` (a Gatehouse extension of Okta's console Token
 * Preview): what the token endpoint would answer for this client, grant, user and scopes, minted
 * by the same code, with the decision trace. Nothing is issued or stored.
 */
export function previewRouter(ctx: AppContext): Router {
  const r = Router();
  r.post('/:as/preview', (req, res) => {
    const { store } = ctx;
    const server = authz.requireServer(store, param(req, 'as'));
    const body = parseBody(previewSchema, req.body);
    const app = store.apps.getByClientId(body.clientId) ?? store.apps.get(body.clientId);
    if (!app) throw Errors.validation([{ field: 'clientId', message: `There is no client with the id '${body.clientId}'` }]);
    const ruleGrant = body.grantType === 'refresh_token' ? (body.originalGrantType ?? 'authorization_code') : body.grantType;
    let subject = null;
    if (USERLESS_GRANTS.has(ruleGrant)) {
      if (body.userId) throw Errors.validation([{ field: 'userId', message: 'Client credentials tokens have no user; leave userId out' }]);
    } else {
      if (!body.userId) throw Errors.validation([{ field: 'userId', message: `The ${ruleGrant} grant needs a user` }]);
      const user = store.users.find(body.userId);
      if (!user) throw Errors.validation([{ field: 'userId', message: `There is no user '${body.userId}'` }]);
      subject = subjectModel(store, user, app);
    }
    const nowMs = ctx.now();
    const prepared = prepareTokens(
      {
        server: serverModel(store, server, ctx.orgUrl()),
        client: clientModel(app),
        subject,
        request: {
          grantType: body.grantType,
          originalGrantType: body.originalGrantType,
          scopes: body.scopes,
          responseType: body.responseType,
          prompt: body.prompt,
          consentedScopes: body.consentedScopes,
        },
        nonce: body.nonce,
        authTime: subject ? Math.floor(nowMs / 1000) : undefined,
      },
      { now: Math.floor(nowMs / 1000), kid: store.authServers.activeKey(server.id)?.kid ?? '', org: orgInfo(store, ctx.orgUrl()), evaluate: claimEvaluator },
    );
    res.json(previewToWire(prepared));
  });
  return r;
}

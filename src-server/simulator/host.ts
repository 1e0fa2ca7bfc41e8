import type { AppContext } from '../context.js';
import { Errors } from '../errors.js';
import type { ScenarioDefinition, SimulationSetup } from './definition.js';
import { runAll, type SimulatorDeps } from './engine.js';
import { checkExpectations } from './expectations.js';
import { SimulationError, type ClientProfile } from './steps.js';
import { resolveSecret } from '../workspace/env.js';
import type { Problem } from '../workspace/problems.js';
import { signJwt, verifyJwt } from '../tokens/sign.js';
import { readOrgAccessTokenKey } from '../tokens/keys.js';
import type { ScenarioResult } from './types.js';

export type { ScenarioResult };

/*
 * The simulator inside a running server: it reaches the server over loopback HTTP like any client;
 * only the client's credentials (which the admin running it may read anyway) and the System Log
 * events of its own requests are read from the workspace directly.
 */

export function clientProfile(ctx: AppContext, clientId: string): ClientProfile | undefined {
  const app = ctx.store.apps.getByClientId(clientId);
  if (!app) return undefined;
  const c = app.credentials;
  return {
    clientId: c.client_id,
    clientSecret: c.client_secret,
    authMethod: c.token_endpoint_auth_method,
    redirectUris: app.settings.redirect_uris,
    postLogoutRedirectUris: app.settings.post_logout_redirect_uris,
    label: app.label,
  };
}

/** Problems with a setup that the server itself would not explain well, as Okta-style causes. */
export function setupProblems(ctx: AppContext, setup: SimulationSetup, path = 'setup'): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (setup.authServerId !== 'org' && !ctx.store.authServers.get(setup.authServerId)) out.push({ field: `${path}.authServerId`, message: `There is no authorization server '${setup.authServerId}' in this workspace` });
  if (!ctx.store.apps.getByClientId(setup.clientId)) out.push({ field: `${path}.clientId`, message: `There is no app with client_id '${setup.clientId}' in this workspace` });
  return out;
}

/**
 * The setup as it runs: a password written as `${NAME}` is read from the server's environment, so a
 * saved scenario (and the workspace file) need not hold it. Problems name the variable.
 */
export function runnableSetup(setup: SimulationSetup, env: NodeJS.ProcessEnv = process.env, path = 'setup'): { setup: SimulationSetup; problems: { field: string; message: string }[] } {
  if (!setup.user) return { setup, problems: [] };
  const found: Problem[] = [];
  const password = resolveSecret(setup.user.password, `${path}.user.password`, env, found);
  return { setup: { ...setup, user: { ...setup.user, password: password ?? '' } }, problems: found.map((p) => ({ field: p.path, message: p.message })) };
}

export function simulatorDeps(ctx: AppContext, setup: SimulationSetup): SimulatorDeps {
  const client = clientProfile(ctx, setup.clientId);
  if (!client) throw Errors.validation([{ field: 'setup.clientId', message: `There is no app with client_id '${setup.clientId}' in this workspace` }]);
  // The loopback address the server listens on, even when it is reached by another name.
  return { orgUrl: ctx.orgUrl(), client, events: (id) => ctx.systemLog.byRequest(id), expire: (token) => expiredCopy(ctx, setup, token) };
}

/**
 * The tester's "expired token": the same claims, signed by the same key of this server, with `iat`
 * moved back and `exp` a minute ago. Only tokens this server signed for the simulation's
 * authorization server are accepted, so nothing foreign gets a valid signature.
 */
async function expiredCopy(ctx: AppContext, setup: SimulationSetup, token: string): Promise<string> {
  const asId = setup.authServerId === 'org' ? null : setup.authServerId;
  const orgKey = asId === null ? readOrgAccessTokenKey(ctx.store.settings) : undefined;
  const keys = [...ctx.store.authServers.keys(asId), ...(orgKey ? [orgKey] : [])];
  const v = await verifyJwt(token, keys);
  if (!v) throw new SimulationError('The access token is not a JWT this authorization server signed, so it cannot be expired here.');
  const now = Math.floor(ctx.now() / 1000);
  const { iat, exp } = v.payload;
  const lifetime = typeof iat === 'number' && typeof exp === 'number' ? exp - iat : 3600;
  return signJwt(keys.find((k) => k.kid === v.header.kid)!, { ...v.payload, iat: now - 60 - lifetime, exp: now - 60 });
}

export async function runScenario(ctx: AppContext, s: ScenarioDefinition & { id?: string }): Promise<ScenarioResult> {
  const t0 = performance.now();
  const runnable = runnableSetup(s.setup);
  const problems = [...setupProblems(ctx, s.setup), ...runnable.problems];
  if (problems.length) {
    return { ...(s.id ? { id: s.id } : {}), name: s.name, passed: false, durationMs: 0, runs: [], expectations: [], problem: problems.map((p) => p.message).join('; ') };
  }
  const { runs } = await runAll(runnable.setup, simulatorDeps(ctx, runnable.setup), s.tampers);
  const expectations = checkExpectations(runs, s.expectations);
  const passed = expectations.every((e) => e.passed);
  return { ...(s.id ? { id: s.id } : {}), name: s.name, passed, durationMs: Math.round(performance.now() - t0), runs, expectations };
}

import type { Store } from '../store/index.js';
import { parseGroup } from '../directory/groups.js';
import { parseCreateUser, type UserProfile, type UserStatus } from '../directory/users.js';
import { parseApp, type AppInput } from '../directory/apps.js';
import { parseTrustedOrigin } from '../directory/trusted-origins.js';
import { parseAuthServer, type AuthServerInput } from '../authz/servers.js';
import { parseScope, SYSTEM_SCOPES, type ScopeInput } from '../authz/scopes.js';
import { parseClaim, SYSTEM_SUB_CLAIM, type ClaimInput } from '../authz/claims.js';
import { parsePolicy, parseRule } from '../authz/policies.js';
import { scenarioSchema, type ScenarioDefinition } from '../simulator/definition.js';
import { STRUCTURE_PROBLEMS, type AppDoc, type CheckedDoc, type GroupDoc, type KeyDoc, type PolicyDoc, type RuleDoc, type ScenarioDoc, type TrustedOriginDoc, type UserDoc, type WorkspaceDoc } from './document.js';
import { collect, joinPath, WorkspaceError, zodProblems, type Problem } from './problems.js';
import { resolveSecret } from './env.js';
import {
  appToDoc, claimKey, claimToDoc, EVERYONE_GROUP, groupToDoc, isUnchangedSystemClaim, isUnchangedSystemScope, policyToDoc, ruleToDoc,
  scopeToDoc, trustedOriginToDoc, userToDoc, type Namer,
} from './canonical.js';

/*
 * Validation of a whole document, before anything is written: the structure (document.ts), then
 * each object through the admin API's own parsers (so a document accepts exactly what the API
 * accepts), then the references between objects by name. Every problem is collected with its path.
 * The result is the desired state in canonical form (for the plan) with what apply needs.
 */

/** merge: create and update only (import). sync: also delete what a managed section leaves out (apply). */
export type ApplyMode = 'merge' | 'sync';

export interface DesiredGroup { path: string; doc: GroupDoc; profile: { name: string; description?: string | null } & Record<string, unknown> }
export interface DesiredUser { path: string; doc: UserDoc; profile: UserProfile; status: UserStatus; groups: string[]; password?: string; passwordHash?: string }
export interface DesiredApp { path: string; doc: AppDoc; input: AppInput; status: 'ACTIVE' | 'INACTIVE'; clientId?: string; clientSecret?: string; groups: string[]; users: string[] }
export interface DesiredOrigin { path: string; doc: TrustedOriginDoc }
export interface DesiredPolicy { path: string; doc: PolicyDoc; rules: { path: string; doc: RuleDoc }[] }
export interface DesiredServer {
  path: string;
  input: AuthServerInput;
  id?: string;
  status: 'ACTIVE' | 'INACTIVE';
  scopes: { path: string; input: ScopeInput }[];
  claims: { path: string; input: ClaimInput }[];
  policies: DesiredPolicy[];
  keys?: KeyDoc[];
}
export interface DesiredScenario { path: string; doc: ScenarioDoc; def: ScenarioDefinition; serverName: string; appName: string }

export interface Desired {
  mode: ApplyMode;
  groups?: DesiredGroup[];
  users?: DesiredUser[];
  apps?: DesiredApp[];
  trustedOrigins?: DesiredOrigin[];
  servers?: DesiredServer[];
  scenarios?: DesiredScenario[];
}

const lower = (s: string) => s.toLowerCase();

/** Names that other objects may refer to: those of the document, and of the store where the document does not describe that kind completely. */
function known(docNames: string[] | undefined, storeNames: () => string[], mode: ApplyMode, fold = lower): Set<string> {
  const out = new Set((docNames ?? []).map(fold));
  if (docNames === undefined || mode === 'merge') for (const n of storeNames()) out.add(fold(n));
  return out;
}

function duplicates<T>(problems: Problem[], base: string, items: T[] | undefined, key: (t: T) => string, what: string): void {
  const seen = new Map<string, number>();
  items?.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    const shown = (item as { name?: unknown; login?: unknown }).name ?? (item as { login?: unknown }).login ?? k;
    const field = (item as { login?: unknown }).login !== undefined ? 'login' : 'name';
    if (first !== undefined) problems.push({ path: joinPath(joinPath(base, i), field), message: `${what} '${String(shown)}' is already defined at ${base}[${first}]` });
    else seen.set(k, i);
  });
}

/** Rewrites the parsers' id wording for the document's names. */
const byName = (m: string) => m.replace(/There is no (user|group) with the id '/, (_x, k: string) => `There is no ${k} ${k === 'user' ? 'with the login' : 'named'} '`).replace(/There is no client with the id '/, "There is no app named '");

export function resolveDocument(store: Store, doc: WorkspaceDoc, mode: ApplyMode, env: NodeJS.ProcessEnv): Desired {
  const structure = (doc as CheckedDoc)[STRUCTURE_PROBLEMS];
  const problems: Problem[] = [...(structure?.problems ?? [])];
  // Items that were too broken to read still have names: what refers to them is not a second problem.
  const brokenNames = (section: string) => [...(structure?.broken ?? [])].filter((k) => k.startsWith(`${section}:`)).map((k) => k.slice(section.length + 1));
  const all = { limit: 1_000_000_000 };
  duplicates(problems, 'groups', doc.groups, (g) => lower(g.name), 'the group');
  duplicates(problems, 'users', doc.users, (u) => lower(u.login), 'the user');
  duplicates(problems, 'apps', doc.apps, (a) => a.name, 'the app');
  duplicates(problems, 'trustedOrigins', doc.trustedOrigins, (t) => t.name, 'the trusted origin');
  duplicates(problems, 'authorizationServers', doc.authorizationServers, (s) => lower(s.name), 'the authorization server');
  duplicates(problems, 'scenarios', doc.scenarios, (s) => s.name, 'the scenario');

  const groupNames = known(doc.groups?.map((g) => g.name), () => store.groups.list(all).items.map((g) => g.profile.name), mode);
  groupNames.add(lower(EVERYONE_GROUP));
  for (const n of brokenNames('groups')) groupNames.add(lower(n));
  const logins = known(doc.users?.map((u) => u.login), () => store.users.list(all).items.map((u) => u.profile.login), mode);
  for (const n of brokenNames('users')) logins.add(lower(n));
  const appNames = known(doc.apps?.map((a) => a.name), () => store.apps.all().map((a) => a.label), mode, (s) => s);
  for (const n of brokenNames('apps')) appNames.add(n);
  const serverNames = known(doc.authorizationServers?.map((s) => s.name), () => store.authServers.all().map((s) => s.name), mode);
  for (const n of brokenNames('authorizationServers')) serverNames.add(lower(n));
  const desired: Desired = { mode };

  if (doc.groups) {
    desired.groups = doc.groups.map((g, i) => {
      const path = joinPath('groups', i);
      if (lower(g.name) === lower(EVERYONE_GROUP)) problems.push({ path: joinPath(path, 'name'), message: "'Everyone' is built in: it is in every workspace and cannot be described" });
      const profile = collect(problems, path, () => parseGroup({ profile: { ...(g.attributes ?? {}), name: g.name, ...(g.description !== undefined ? { description: g.description } : {}) } }), (f) => f.replace(/^profile\./, '')) ?? { name: g.name };
      return { path, doc: groupToDoc(profile), profile };
    });
  }

  if (doc.users) {
    desired.users = doc.users.map((u, i) => {
      const path = joinPath('users', i);
      const password = resolveSecret(u.password, joinPath(path, 'password'), env, problems);
      const parsed = collect(problems, path, () => parseCreateUser({ profile: { ...u.profile, login: u.login } }), (f) => (f === 'profile.login' ? 'login' : f));
      (u.groups ?? []).forEach((g, j) => {
        if (!groupNames.has(lower(g))) problems.push({ path: joinPath(joinPath(path, 'groups'), j), message: `There is no group named '${g}'` });
        else if (lower(g) === lower(EVERYONE_GROUP)) problems.push({ path: joinPath(joinPath(path, 'groups'), j), message: 'Everyone has every user: leave it out' });
      });
      const profile = parsed?.profile ?? ({ login: u.login, email: u.login } as UserProfile);
      const status = u.status ?? 'ACTIVE';
      const groups = u.groups ?? [];
      return { path, doc: userToDoc({ status, profile }, groups), profile, status, groups, password, passwordHash: u.passwordHash };
    });
  }

  if (doc.apps) {
    desired.apps = doc.apps.map((a, i) => {
      const path = joinPath('apps', i);
      const clientSecret = resolveSecret(a.clientSecret, joinPath(path, 'clientSecret'), env, problems);
      const body = {
        signOnMode: 'OPENID_CONNECT',
        label: a.name,
        credentials: {
          oauthClient: { ...(a.oauthClient ?? {}), ...(a.clientId !== undefined ? { client_id: a.clientId } : {}), ...(clientSecret !== undefined ? { client_secret: clientSecret } : {}) },
          ...(a.userNameTemplate ? { userNameTemplate: a.userNameTemplate } : {}),
        },
        settings: { oauthClient: a.settings },
        ...(a.profile ? { profile: a.profile } : {}),
      };
      const input = collect(problems, path, () => parseApp(body), appField);
      const groups = a.assignments?.groups ?? [];
      const users = a.assignments?.users ?? [];
      groups.forEach((g, j) => {
        if (!groupNames.has(lower(g))) problems.push({ path: `${path}.assignments.groups[${j}]`, message: `There is no group named '${g}'` });
      });
      users.forEach((u, j) => {
        if (!logins.has(lower(u))) problems.push({ path: `${path}.assignments.users[${j}]`, message: `There is no user with the login '${u}'` });
      });
      const status = a.status ?? 'ACTIVE';
      const safeInput: AppInput = input ?? { label: a.name, credentials: { token_endpoint_auth_method: 'none', pkce_required: true, autoKeyRotation: true }, settings: a.settings as AppInput['settings'] };
      const { client_secret: _secret, ...credentials } = safeInput.credentials;
      const doc = appToDoc({ input: { ...safeInput, credentials }, status, clientId: a.clientId, groups, users });
      return { path, doc, input: safeInput, status, clientId: a.clientId, clientSecret, groups, users };
    });
  }

  if (doc.trustedOrigins) {
    desired.trustedOrigins = doc.trustedOrigins.map((t, i) => {
      const path = joinPath('trustedOrigins', i);
      const parsed = collect(problems, path, () => parseTrustedOrigin({ name: t.name, origin: t.origin, scopes: t.scopes }));
      return { path, doc: trustedOriginToDoc({ ...(parsed ?? t), status: t.status ?? 'ACTIVE' }) };
    });
  }

  const identity: Namer = { client: (x) => x, group: (x) => x, user: (x) => x };
  if (doc.authorizationServers) {
    desired.servers = doc.authorizationServers.map((s, i) => {
      const path = joinPath('authorizationServers', i);
      const input = collect(problems, path, () => parseAuthServer({
        name: s.name,
        ...(s.description !== undefined ? { description: s.description } : {}),
        audiences: s.audiences,
        ...(s.rotationMode ? { credentials: { signing: { rotationMode: s.rotationMode } } } : {}),
      }), (f) => (f === 'credentials.signing.rotationMode' ? 'rotationMode' : f)) ?? { name: s.name, description: '', audiences: s.audiences, issuerMode: 'ORG_URL', rotationMode: 'AUTO' };
      if (s.id !== undefined) {
        const holder = store.authServers.get(s.id);
        if (holder && lower(holder.name) !== lower(s.name)) {
          problems.push({ path: joinPath(path, 'id'), message: `the id '${s.id}' belongs to the authorization server '${holder.name}' in this workspace` });
        }
      }
      duplicates(problems, joinPath(path, 'scopes'), s.scopes, (x) => x.name, 'the scope');
      duplicates(problems, joinPath(path, 'claims'), s.claims, (x) => claimKey(x), 'the claim');
      duplicates(problems, joinPath(path, 'policies'), s.policies, (x) => x.name, 'the policy');

      const scopeNames = new Set([...SYSTEM_SCOPES.map((x) => x.name), ...(s.scopes ?? []).map((x) => x.name)]);
      const scopes = (s.scopes ?? []).flatMap((sc, j) => {
        const p = joinPath(joinPath(path, 'scopes'), j);
        const parsed = collect(problems, p, () => parseScope(sc));
        return parsed ? [{ path: p, input: parsed }] : [];
      });
      const claims = (s.claims ?? []).flatMap((c, j) => {
        const p = joinPath(joinPath(path, 'claims'), j);
        const system = c.name === SYSTEM_SUB_CLAIM.name && c.claimType === SYSTEM_SUB_CLAIM.claimType ? { ...SYSTEM_SUB_CLAIM, id: '', authServerId: '', status: 'ACTIVE' as const, conditions: { scopes: [] }, alwaysIncludeInToken: true, system: true } : undefined;
        const parsed = collect(problems, p, () => parseClaim(c, (n) => scopeNames.has(n), system));
        return parsed ? [{ path: p, input: parsed }] : [];
      });
      const policies = (s.policies ?? []).map((pol, j) => {
        const p = joinPath(joinPath(path, 'policies'), j);
        const { rules = [], ...body } = pol;
        const parsedPolicy = collect(problems, p, () => parsePolicy(body, (n) => appNames.has(n)), (f) => f);
        fixWording(problems);
        duplicates(problems, joinPath(p, 'rules'), rules, (r) => r.name, 'the rule');
        const ruleItems = rules.map((r, k) => {
          const rp = joinPath(joinPath(p, 'rules'), k);
          const parsed = collect(problems, rp, () => parseRule({ ...r, type: 'RESOURCE_ACCESS' }, {
            userExists: (login) => logins.has(lower(login)),
            groupExists: (n) => groupNames.has(lower(n)),
            scopeExists: (n) => scopeNames.has(n),
          }));
          fixWording(problems);
          return { path: rp, doc: parsed ? ruleToDoc({ ...parsed, status: parsed.status ?? 'ACTIVE' }, identity) : (r as RuleDoc) };
        });
        const policyDoc = parsedPolicy
          ? policyToDoc({ ...parsedPolicy, status: parsedPolicy.status ?? 'ACTIVE' }, ruleItems.map((r) => r.doc), identity)
          : ({ ...body, rules: ruleItems.map((r) => r.doc) } as PolicyDoc);
        return { path: p, doc: policyDoc, rules: ruleItems };
      });
      return { path, input, id: s.id, status: s.status ?? 'ACTIVE', scopes, claims, policies, keys: s.keys };
    });
  }

  if (doc.scenarios) {
    desired.scenarios = doc.scenarios.map((sc, i) => {
      const path = joinPath('scenarios', i);
      const { authServer, client, user, ...setup } = sc.setup;
      if (authServer !== 'org' && !serverNames.has(lower(authServer))) problems.push({ path: `${path}.setup.authServer`, message: `There is no authorization server named '${authServer}'` });
      if (!appNames.has(client)) problems.push({ path: `${path}.setup.client`, message: `There is no app named '${client}'` });
      // A `${NAME}` password stays a reference: the simulator reads it from the environment when the
      // scenario runs, so the workspace does not hold it either.
      const password = user?.password;
      // The ids are placeholders until apply knows them; the definition is checked by the simulator's own schema.
      const candidate = {
        name: sc.name,
        ...(sc.description !== undefined ? { description: sc.description } : {}),
        setup: { ...setup, authServerId: authServer === 'org' ? 'org' : 'placeholder', clientId: 'placeholder', ...(user ? { user: { username: user.username, password: password ?? '' } } : {}) },
        tampers: sc.tampers ?? [],
        expectations: sc.expectations ?? [],
      };
      const parsed = scenarioSchema.safeParse(candidate, { reportInput: true });
      if (!parsed.success) problems.push(...zodProblems(parsed.error, path));
      const def = parsed.success ? parsed.data : (candidate as unknown as ScenarioDefinition);
      return { path, doc: { ...sc, setup: { ...sc.setup, ...(user ? { user: { username: user.username } } : {}) } }, def, serverName: authServer, appName: client };
    });
  }

  if (structure) {
    // The full check saw only the well-formed items: give its paths the items' places in the file.
    for (const p of problems.slice(structure.problems.length)) {
      p.path = p.path.replace(/^(\w+)\[(\d+)\]/, (whole, section: string, i: string) => {
        const at = structure.indexes[section]?.[Number(i)];
        return at === undefined ? whole : `${section}[${at}]`;
      });
      p.message = p.message.replace(/ at (\w+)\[(\d+)\]$/, (whole, section: string, i: string) => {
        const at = structure.indexes[section]?.[Number(i)];
        return at === undefined ? whole : ` at ${section}[${at}]`;
      });
    }
  }
  if (problems.length) throw new WorkspaceError(problems);
  return desired;
}

/** The canonical document items of the desired state, for the plan. */
export function canonicalScopes(s: DesiredServer) {
  return s.scopes.map((x) => x.input).filter((x) => !isUnchangedSystemScope(x)).map(scopeToDoc);
}

export function canonicalClaims(s: DesiredServer) {
  return s.claims.map((x) => x.input).filter((c) => !(isUnchangedSystemClaim(c))).map(claimToDoc);
}


function appField(f: string): string {
  if (f.startsWith('settings.oauthClient.')) return `settings.${f.slice('settings.oauthClient.'.length)}`;
  if (f === 'credentials.oauthClient.client_id') return 'clientId';
  if (f === 'credentials.oauthClient.client_secret') return 'clientSecret';
  if (f.startsWith('credentials.oauthClient.')) return `oauthClient.${f.slice('credentials.oauthClient.'.length)}`;
  if (f.startsWith('credentials.userNameTemplate')) return f.replace('credentials.', '');
  if (f === 'label') return 'name';
  return f;
}

function fixWording(problems: Problem[]): void {
  for (const p of problems) p.message = byName(p.message);
}

import type { Store } from '../store/index.js';
import { ApiError } from '../errors.js';
import { newId } from '../util/ids.js';
import { hashPassword, verifyPassword } from '../directory/passwords.js';
import * as dir from '../directory/service.js';
import * as authz from '../authz/service.js';
import { parsePolicy, parseRule, ALL_CLIENTS, EVERYONE } from '../authz/policies.js';
import { parseScope, SYSTEM_SCOPES } from '../authz/scopes.js';
import { SYSTEM_SUB_CLAIM } from '../authz/claims.js';
import { generateSigningKey, type NewKey } from '../tokens/keys.js';
import type { User } from '../directory/users.js';
import type { AuthServer } from '../authz/servers.js';
import type { WorkspaceDoc } from './document.js';
import { exportServer, exportWorkspace } from './export.js';
import { scenarioToDoc, appStateFromStore, appToDoc, changedFields, claimKey, EVERYONE_GROUP, groupToDoc, ruleToDoc, sameValue, scopeToDoc, storeNamer, systemScopeDefault, trustedOriginToDoc } from './canonical.js';
import { canonicalClaims, canonicalScopes, resolveDocument, type ApplyMode, type Desired, type DesiredServer } from './resolve.js';
import { WorkspaceError } from './problems.js';

export type ChangeKind = 'group' | 'user' | 'app' | 'trustedOrigin' | 'authorizationServer' | 'scope' | 'claim' | 'policy' | 'rule' | 'scenario';

export interface Change {
  action: 'create' | 'update' | 'delete';
  kind: ChangeKind;
  /** The object's name, with its parents for nested ones: `Orders API / Orders apps / Staff may read`. */
  name: string;
  /** For an update: the fields that differ. */
  fields?: string[];
  /** For objects inside a server: the names that lead to it (server, [policy,] object; a claim as `TYPE:name`). */
  ref?: string[];
}

export interface Plan {
  changes: Change[];
  /** Things the plan leaves alone on purpose, in words (the default server cannot be deleted, ...). */
  notes: string[];
}

const lower = (s: string) => s.toLowerCase();

/** A canonical document item of any kind: the plan compares them field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- items of every kind go through one diff
type Item = Record<string, any>;

/** What a store would need to become what the document describes. Reads only. */
export async function planDocument(store: Store, doc: WorkspaceDoc, mode: ApplyMode, env: NodeJS.ProcessEnv = process.env): Promise<Plan> {
  const desired = resolveDocument(store, doc, mode, env);
  const secrets = await secretMaterial(store, desired);
  return computePlan(store, desired, secrets);
}

interface Secrets {
  /** New password hashes by login (lowercase), for users whose password is to change. */
  passwords: Map<string, string>;
  keys: NewKey[];
}

async function secretMaterial(store: Store, desired: Desired, generateKeys = false): Promise<Secrets> {
  const passwords = new Map<string, string>();
  for (const u of desired.users ?? []) {
    if (u.password === undefined) continue;
    const existing = store.users.getByLogin(u.profile.login);
    if (existing && (await verifyPassword(u.password, existing.passwordHash))) continue;
    passwords.set(lower(u.profile.login), generateKeys ? await hashPassword(u.password) : 'changed');
  }
  const keys: NewKey[] = [];
  if (generateKeys) {
    const newServers = (desired.servers ?? []).filter((s) => !findServer(store, s.input.name) && !s.keys?.length).length;
    keys.push(...(await Promise.all(Array.from({ length: newServers * 2 }, () => generateSigningKey()))));
  }
  return { passwords, keys };
}

function findServer(store: Store, name: string): AuthServer | undefined {
  return store.authServers.all().find((s) => lower(s.name) === lower(name));
}

function computePlan(store: Store, d: Desired, secrets: Secrets): Plan {
  const current = exportWorkspace(store);
  const changes: Change[] = [];
  const notes: string[] = [];
  const sync = d.mode === 'sync';
  const diff = (kind: ChangeKind, cur: readonly object[] | undefined, want: readonly object[] | undefined, key: (t: Item) => string, label: (t: Item) => string, opts: { skip?: (w: Item) => string[]; extra?: (w: Item) => string[]; noDelete?: (c: Item) => string | undefined; ref?: (t: Item) => string[]; complete?: boolean } = {}) => {
    if (!want) return;
    const byKey = new Map((cur ?? []).map((c) => [key(c as Item), c as Item]));
    for (const w of want as Item[]) {
      const c = byKey.get(key(w));
      const ref = opts.ref ? { ref: opts.ref(w) } : {};
      if (!c) changes.push({ action: 'create', kind, name: label(w), ...ref });
      else {
        const fields = [...changedFields(c, w, opts.skip?.(w) ?? []), ...(opts.extra?.(w) ?? [])];
        if (fields.length) changes.push({ action: 'update', kind, name: label(w), fields, ...ref });
      }
    }
    if (!sync && !opts.complete) return;
    const wanted = new Set((want as Item[]).map(key));
    for (const c of (cur ?? []) as Item[]) {
      if (wanted.has(key(c))) continue;
      const why = opts.noDelete?.(c);
      if (why !== undefined) {
        if (why) notes.push(why);
      } else changes.push({ action: 'delete', kind, name: label(c) });
    }
  };

  diff('group', current.groups, d.groups?.map((g) => g.doc), (g) => lower(g.name), (g) => g.name);
  diff('user', current.users, d.users?.map((u) => u.doc), (u) => lower(u.login), (u) => u.login, {
    skip: (w) => (w.status === undefined ? ['status'] : []),
    extra: (w) => (secrets.passwords.has(lower(w.login)) ? ['password'] : []),
  });
  diff('app', current.apps, d.apps?.map((a) => ({ ...a.doc, _secret: a.clientSecret })), (a) => a.name, (a) => a.name, {
    skip: (w) => ['_secret', ...(w.clientId === undefined ? ['clientId'] : [])],
    extra: (w) => {
      const app = store.apps.all().find((x) => x.label === w.name);
      return app && w._secret !== undefined && app.credentials.client_secret !== w._secret ? ['clientSecret'] : [];
    },
  });
  diff('trustedOrigin', current.trustedOrigins, d.trustedOrigins?.map((t) => t.doc), (t) => t.name, (t) => t.name);

  if (d.servers) {
    const wantHeads = d.servers.map((s) => ({ name: s.input.name, id: s.id, description: s.input.description, audiences: s.input.audiences, status: s.status, rotationMode: s.input.rotationMode, _keys: s.keys }));
    const curHeads = (current.authorizationServers ?? []).map(({ scopes: _s, claims: _c, policies: _p, keys: _k, ...head }) => head);
    diff('authorizationServer', curHeads, wantHeads, (s) => lower(s.name), (s) => s.name, {
      skip: (w) => ['_keys', ...(w.id === undefined ? ['id'] : [])],
      extra: (w) => {
        const existing = findServer(store, w.name);
        if (!existing || !w._keys) return [];
        const kids = store.authServers.keys(existing.id).map((k) => k.kid).sort();
        return sameValue(kids, (w._keys as { kid: string }[]).map((k) => k.kid).sort()) ? [] : ['keys'];
      },
      // Every org has its default server: a document that leaves it out does not delete it.
      noDelete: (c) => (store.authServers.get(c.id as string)?.isDefault ? '' : undefined),
    });
    for (const s of d.servers) {
      const existing = findServer(store, s.input.name);
      const cur = existing ? exportServer(store, existing.id) : { scopes: [], claims: [], policies: [] };
      const at = (n: string) => `${s.input.name} / ${n}`;
      // Nested objects of a described server are always described completely.
      const complete = true;
      diff('scope', existing ? cur.scopes : [], canonicalScopes(s), (x) => x.name, (x) => at(x.name), { ref: (x) => [s.input.name, x.name], complete });
      diff('claim', existing ? cur.claims : [], canonicalClaims(s), (x) => claimKey(x as { name: string; claimType: string }), (x) => at(`${x.name} (${x.claimType})`), { ref: (x) => [s.input.name, `${x.claimType}:${x.name}`], complete });
      const curPolicies = existing ? (cur.policies ?? []) : [];
      const wantPolicies = s.policies.map((p) => p.doc);
      diff('policy', curPolicies.map((p, i) => ({ ...p, rules: undefined, position: i + 1 })), wantPolicies.map((p, i) => ({ ...p, rules: undefined, position: i + 1 })), (p) => p.name, (p) => at(p.name), { ref: (x) => [s.input.name, x.name], complete });
      for (const p of wantPolicies) {
        const cp = curPolicies.find((x) => x.name === p.name);
        diff('rule', (cp?.rules ?? []).map((r, i) => ({ ...r, position: i + 1 })), (p.rules ?? []).map((r, i) => ({ ...r, position: i + 1 })), (r) => r.name, (r) => at(`${p.name} / ${r.name}`), { ref: (x) => [s.input.name, p.name, x.name], complete });
      }
    }
  }

  if (d.scenarios) {
    const want = d.scenarios.map((s) => scenarioToDoc({ ...s.def, setup: { ...s.def.setup, authServerId: 'x', clientId: 'x' } }, () => s.serverName, () => s.appName, false));
    diff('scenario', current.scenarios, want, (s) => s.name, (s) => s.name);
  }
  return { changes, notes };
}

export interface ApplyOptions {
  mode: ApplyMode;
  env?: NodeJS.ProcessEnv;
  now?: string;
}

/**
 * Brings the store to what the document describes: the whole document is validated first (every
 * problem, with its path), then everything is written in one transaction, or nothing. Objects that
 * already match are not touched, so applying the same document twice changes nothing the second time.
 */
export async function applyDocument(store: Store, doc: WorkspaceDoc, opts: ApplyOptions): Promise<Plan> {
  const env = opts.env ?? process.env;
  const desired = resolveDocument(store, doc, opts.mode, env);
  const secrets = await secretMaterial(store, desired, true);
  const plan = computePlan(store, desired, secrets);
  if (plan.changes.length === 0) return plan;
  const now = opts.now ?? new Date().toISOString();
  let at = '';
  try {
    store.tx(() => {
      // Re-planned inside the transaction: a write that landed since is taken into account.
      const inTx = computePlan(store, desired, secrets);
      plan.changes = inTx.changes;
      plan.notes = inTx.notes;
      write(store, desired, secrets, now, (p) => (at = p));
    });
  } catch (e) {
    if (e instanceof ApiError) {
      throw new WorkspaceError((e.causes.length ? e.causes : [e.errorSummary]).map((message) => ({ path: at, message })), 'nothing was changed');
    }
    throw e;
  }
  return plan;
}

function write(store: Store, d: Desired, secrets: Secrets, now: string, here: (path: string) => void): void {
  const sync = d.mode === 'sync';
  const groupId = (name: string) => (lower(name) === lower(EVERYONE_GROUP) ? store.groups.everyone().id : store.groups.getByName(name)!.id);

  for (const g of d.groups ?? []) {
    here(g.path);
    const existing = store.groups.getByName(g.profile.name);
    if (!existing) dir.createGroup(store, g.profile, now);
    else if (!sameValue(groupToDoc(existing.profile), g.doc)) dir.replaceGroup(store, existing, g.profile, now);
  }

  for (const u of d.users ?? []) {
    here(u.path);
    const existing = store.users.getByLogin(u.profile.login);
    const hash = u.passwordHash ?? secrets.passwords.get(lower(u.profile.login));
    let user: User;
    if (!existing) {
      user = {
        id: newId('user'), status: u.status, created: now, activated: u.status === 'ACTIVE' ? now : null, statusChanged: now, lastLogin: null,
        lastUpdated: now, passwordChanged: hash ? now : null, profile: u.profile, passwordHash: hash ?? null, failedLogins: 0,
      };
      store.users.insert(user);
    } else {
      user = existing;
      const profileChanged = !sameValue(existing.profile, u.profile);
      const statusChanged = existing.status !== u.status;
      const passwordChanged = hash !== undefined && hash !== existing.passwordHash;
      if (profileChanged || statusChanged || passwordChanged) {
        user = {
          ...existing, profile: u.profile, status: u.status, lastUpdated: now,
          ...(statusChanged ? { statusChanged: now, activated: u.status === 'ACTIVE' && !existing.activated ? now : existing.activated } : {}),
          ...(passwordChanged ? { passwordHash: hash, passwordChanged: now } : {}),
        };
        store.users.update(user);
      }
    }
    const want = new Set(u.groups.map(groupId));
    for (const g of store.groups.groupsOfUser(user.id)) if (g.type === 'OKTA_GROUP' && !want.has(g.id)) store.groups.removeMember(g.id, user.id, now);
    for (const id of want) if (!store.groups.isMember(id, user.id)) store.groups.addMember(id, user.id, now);
  }

  for (const a of d.apps ?? []) {
    here(a.path);
    let app = store.apps.all().find((x) => x.label === a.input.label);
    const input = { ...a.input, credentials: { ...a.input.credentials, ...(a.clientSecret !== undefined ? { client_secret: a.clientSecret } : {}) } };
    if (!app) app = dir.createApp(store, input, a.status === 'ACTIVE', now);
    else {
      if (a.clientId !== undefined && a.clientId !== app.credentials.client_id) {
        throw new ApiError(400, 'E0000001', 'clientId', [`clientId: the app '${app.label}' has the client id '${app.credentials.client_id}'; a client id cannot be changed`]);
      }
      const state = appStateFromStore(store, app);
      const { client_secret: _s, ...cred } = input.credentials;
      const same = sameValue({ ...appToDoc(state), assignments: undefined, clientId: undefined, status: undefined }, { ...appToDoc({ ...state, input: { ...input, credentials: cred } }), assignments: undefined, clientId: undefined, status: undefined });
      if (!same || (a.clientSecret !== undefined && a.clientSecret !== app.credentials.client_secret)) app = dir.replaceApp(store, app, input, now);
      dir.setAppStatus(store, app, a.status, now);
    }
    const wantGroups = a.groups.map(groupId);
    for (const gid of store.apps.assignedGroupIds(app.id)) if (!wantGroups.includes(gid)) store.apps.deleteGroupAssignment(app.id, gid);
    wantGroups.forEach((gid, i) => {
      const cur = store.apps.getGroupAssignment(app.id, gid);
      if (!cur || cur.priority !== i) dir.assignGroupToApp(store, app, store.groups.get(gid)!, i, cur?.profile ?? {}, now);
    });
    const wantUsers = a.users.map((l) => store.users.getByLogin(l)!.id);
    for (const uid of store.apps.assignedUserIds(app.id)) if (!wantUsers.includes(uid)) store.apps.deleteUserAssignment(app.id, uid);
    for (const uid of wantUsers) if (!store.apps.getUserAssignment(app.id, uid)) dir.assignUserToApp(store, app, store.users.get(uid)!, undefined, {}, now, false);
  }

  for (const t of d.trustedOrigins ?? []) {
    here(t.path);
    const existing = store.trustedOrigins.list({ limit: 1_000_000 }).items.find((x) => x.name === t.doc.name);
    if (existing && sameValue(trustedOriginToDoc(existing), t.doc)) continue;
    const clash = store.trustedOrigins.clash(t.doc, existing?.id);
    if (clash) throw new ApiError(400, 'E0000001', clash, [`${clash}: another trusted origin has this ${clash}`]);
    store.trustedOrigins.put({ id: existing?.id ?? newId('trustedOrigin'), name: t.doc.name, origin: t.doc.origin, scopes: t.doc.scopes, status: t.doc.status ?? 'ACTIVE', created: existing?.created ?? now, lastUpdated: now });
  }

  let keyIndex = 0;
  for (const s of d.servers ?? []) writeServer(store, s, now, here, () => [secrets.keys[keyIndex++]!, secrets.keys[keyIndex++]!]);

  for (const sc of d.scenarios ?? []) {
    here(sc.path);
    const serverId = sc.serverName === 'org' ? 'org' : findServer(store, sc.serverName)!.id;
    const clientId = store.apps.all().find((x) => x.label === sc.appName)!.credentials.client_id;
    const existing = store.scenarios.byName(sc.def.name);
    const user = sc.def.setup.user ? { username: sc.def.setup.user.username, password: sc.def.setup.user.password || existing?.setup.user?.password || '' } : undefined;
    const def = { ...sc.def, setup: { ...sc.def.setup, authServerId: serverId, clientId, ...(user ? { user } : {}) } };
    if (!existing) store.scenarios.insert(newId('scenario'), def, now);
    else if (!sameValue({ ...existing, id: undefined, created: undefined, lastUpdated: undefined }, def)) store.scenarios.update(existing.id, def, now);
  }

  if (!sync) return;
  // Deletions last: what stays may have referred to what goes, and has been rewritten above.
  if (d.scenarios) {
    const keep = new Set(d.scenarios.map((s) => s.def.name));
    for (const s of store.scenarios.list()) if (!keep.has(s.name)) store.scenarios.delete(s.id);
  }
  if (d.servers) {
    const keep = new Set(d.servers.map((s) => lower(s.input.name)));
    for (const s of store.authServers.all()) if (!keep.has(lower(s.name)) && !s.isDefault) authz.deleteAuthServer(store, s);
  }
  if (d.trustedOrigins) {
    const keep = new Set(d.trustedOrigins.map((t) => t.doc.name));
    for (const t of store.trustedOrigins.list({ limit: 1_000_000 }).items) if (!keep.has(t.name)) store.trustedOrigins.delete(t.id);
  }
  if (d.apps) {
    const keep = new Set(d.apps.map((a) => a.input.label));
    for (const a of store.apps.all()) {
      if (keep.has(a.label)) continue;
      dir.setAppStatus(store, a, 'INACTIVE', now);
      dir.deleteApp(store, { ...a, status: 'INACTIVE' });
    }
  }
  if (d.users) {
    const keep = new Set(d.users.map((u) => lower(u.profile.login)));
    for (const u of store.users.list({ limit: 1_000_000_000 }).items) {
      if (keep.has(lower(u.profile.login))) continue;
      store.users.delete(u.id);
      authz.forgetReferences(store, 'user', u.id);
    }
  }
  if (d.groups) {
    const keep = new Set(d.groups.map((g) => lower(g.profile.name)));
    for (const g of store.groups.list({ limit: 1_000_000_000 }).items) if (g.type === 'OKTA_GROUP' && !keep.has(lower(g.profile.name))) dir.deleteGroup(store, g);
  }
}

function writeServer(store: Store, s: DesiredServer, now: string, here: (p: string) => void, freshKeys: () => [NewKey, NewKey]): void {
  here(s.path);
  let server = findServer(store, s.input.name);
  if (!server) {
    const keys: [NewKey, NewKey] = s.keys?.length ? [s.keys[0]!, s.keys[1] ?? s.keys[0]!] : freshKeys();
    server = authz.createAuthServerWithKeys(store, s.input, now, keys, s.id !== undefined ? { id: s.id } : {});
    if (s.keys?.length) replaceKeys(store, server.id, s);
  } else {
    const cur = { description: server.description, audiences: server.audiences, rotationMode: server.rotationMode, name: server.name };
    if (!sameValue(cur, { description: s.input.description, audiences: s.input.audiences, rotationMode: s.input.rotationMode, name: s.input.name })) {
      server = authz.replaceAuthServer(store, server, s.input, now);
    }
    if (s.keys?.length) {
      const kids = store.authServers.keys(server.id).map((k) => k.kid).sort();
      if (!sameValue(kids, s.keys.map((k) => k.kid).sort())) replaceKeys(store, server.id, s);
    }
  }
  authz.setServerStatus(store, server, s.status, now);
  server = store.authServers.get(server.id)!;

  // Scopes first (claims and rules name them), deletions of scopes last (rules and claims may have used them).
  for (const sc of s.scopes) {
    here(sc.path);
    const existing = store.authServers.scopeByName(server.id, sc.input.name);
    if (!existing || !sameValue(scopeToDoc(existing), scopeToDoc(sc.input))) authz.putScope(store, server, sc.input, existing);
  }
  for (const sys of SYSTEM_SCOPES) {
    if (s.scopes.some((x) => x.input.name === sys.name)) continue;
    const existing = store.authServers.scopeByName(server.id, sys.name);
    const def = systemScopeDefault(sys.name)!;
    if (existing && !sameValue(scopeToDoc(existing), scopeToDoc(def))) authz.putScope(store, server, parseScope(def), existing);
  }
  const claims = store.authServers.claims(server.id);
  for (const c of s.claims) {
    here(c.path);
    const existing = claims.find((x) => claimKey(x) === claimKey(c.input));
    const { id: _i, authServerId: _a, system: _s, ...curInput } = existing ?? { id: '', authServerId: '', system: false };
    if (!existing || !sameValue(curInput, c.input)) authz.putClaim(store, server, c.input, existing);
  }
  const wantClaims = new Set(s.claims.map((c) => claimKey(c.input)));
  for (const c of claims) {
    if (wantClaims.has(claimKey(c))) continue;
    if (c.system) {
      const reset = { name: c.name, claimType: c.claimType, valueType: c.valueType, value: SYSTEM_SUB_CLAIM.value, status: 'ACTIVE' as const, conditions: { scopes: [] }, alwaysIncludeInToken: true };
      const { id: _i, authServerId: _a, system: _s, ...curInput } = c;
      if (!sameValue(curInput, reset)) authz.putClaim(store, server, reset, c);
    } else authz.deleteClaim(store, c);
  }

  const namer = storeNamer(store);
  const clientId = (name: string) => (name === ALL_CLIENTS ? name : store.apps.all().find((a) => a.label === name)!.credentials.client_id);
  const groupId = (name: string) => (name === EVERYONE ? name : lower(name) === lower(EVERYONE_GROUP) ? store.groups.everyone().id : store.groups.getByName(name)!.id);
  const userId = (login: string) => store.users.getByLogin(login)!.id;
  const refs = authz.ruleRefs(store, server);
  s.policies.forEach((p, i) => {
    here(p.path);
    const live = store.authServers.policies(server.id);
    const existing = live.find((x) => x.name === p.doc.name);
    const body = { name: p.doc.name, description: p.doc.description, status: p.doc.status, priority: i + 1, conditions: { clients: { include: p.doc.conditions.clients.include.map(clientId) } } };
    const input = parsePolicy(body, (id) => id === ALL_CLIENTS || !!store.apps.getByClientId(id));
    const same = existing && existing.description === input.description && existing.status === (input.status ?? 'ACTIVE') && sameValue(existing.conditions, input.conditions) && live.indexOf(existing) === i;
    const policy = same ? existing : authz.putPolicy(store, server, input, now, existing);
    p.rules.forEach((r, j) => {
      here(r.path);
      const liveRules = store.authServers.rules(policy.id);
      const cur = liveRules.find((x) => x.name === r.doc.name);
      if (cur && liveRules.indexOf(cur) === j && sameValue(ruleToDoc(cur, namer), r.doc)) return;
      const people = r.doc.conditions.people!;
      const ruleBody = {
        type: 'RESOURCE_ACCESS', name: r.doc.name, status: r.doc.status, priority: j + 1,
        conditions: {
          people: {
            users: { include: (people.users?.include ?? []).map(userId), exclude: (people.users?.exclude ?? []).map(userId) },
            groups: { include: (people.groups?.include ?? []).map(groupId), exclude: (people.groups?.exclude ?? []).map(groupId) },
          },
          grantTypes: r.doc.conditions.grantTypes,
          scopes: r.doc.conditions.scopes,
        },
        actions: r.doc.actions,
      };
      authz.putRule(store, policy, parseRule(ruleBody, refs), now, cur);
    });
    const keepRules = new Set(p.rules.map((r) => r.doc.name));
    for (const r of store.authServers.rules(policy.id)) if (!keepRules.has(r.name)) authz.deleteRule(store, r);
  });
  const keepPolicies = new Set(s.policies.map((p) => p.doc.name));
  for (const p of store.authServers.policies(server.id)) if (!keepPolicies.has(p.name)) authz.deletePolicy(store, p);
  const keepScopes = new Set(s.scopes.map((x) => x.input.name));
  for (const sc of store.authServers.allScopes(server.id)) if (!sc.system && !keepScopes.has(sc.name)) authz.deleteScope(store, sc);
}

/** Replaces a server's signing keys with those of the document (an export with secrets). */
function replaceKeys(store: Store, serverId: string, s: DesiredServer): void {
  store.db.prepare('DELETE FROM signing_keys WHERE auth_server_id = ?').run(serverId);
  for (const k of s.keys ?? []) store.authServers.insertKey(serverId, { kid: k.kid, publicJwk: k.publicJwk as NewKey['publicJwk'], privateJwk: k.privateJwk as NewKey['privateJwk'] }, k.status, k.created);
}

export function formatPlan(plan: Plan): string[] {
  const sign = { create: '+', update: '~', delete: '-' } as const;
  const lines = plan.changes.map((c) => `${sign[c.action]} ${c.action} ${c.kind} "${c.name}"${c.fields?.length ? ` (${c.fields.join(', ')})` : ''}`);
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines;
}

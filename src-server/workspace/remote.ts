import okta from '@okta/okta-sdk-nodejs';
import type { Store } from '../store/index.js';
import { openDatabase } from '../store/db.js';
import { createStore } from '../store/index.js';
import { initOrg } from '../org.js';
import { ALL_CLIENTS, EVERYONE } from '../authz/policies.js';
import { applyDocument, planDocument, type Change, type Plan } from './apply.js';
import { exportOktaBundle, oktaBundleToDoc } from './okta.js';
import type { AppDoc, WorkspaceDoc } from './document.js';
import { EVERYONE_GROUP } from './canonical.js';

/*
 * Push and pull of one authorization server (with the apps and groups it names) against an Okta
 * org, through @okta/okta-sdk-nodejs. The SDK's transport is used (authentication, its errors), but
 * not its typed models: they drop fields they do not know (rule `exclude` lists, custom profile
 * attributes), and a push must send back exactly what it read. Ids are mapped by name: the remote
 * keeps its own ids, client ids and secrets.
 */

type Obj = Record<string, unknown>;
const lower = (s: string) => s.toLowerCase();

export interface Remote {
  orgUrl: string;
  token: string;
}

/** A failure of the remote org, in words. */
export class RemoteError extends Error {}

function client(remote: Remote): okta.Client {
  return new okta.Client({
    orgUrl: remote.orgUrl.replace(/\/+$/, ''),
    token: remote.token,
    authorizationMode: 'SSWS',
    cacheMiddleware: null,
    requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 2, requestTimeout: 0 }),
  } as ConstructorParameters<typeof okta.Client>[0]);
}

/** The SDK types its request options on DOM's RequestInit, which this Node build does not load. */
type SdkRequest = NonNullable<Parameters<okta.Client['http']['http']>[1]>;
const request = (o: { method: string; headers?: Record<string, string>; body?: string }): SdkRequest => o as unknown as SdkRequest;

class Api {
  private readonly c: okta.Client;
  constructor(private readonly remote: Remote) {
    this.c = client(remote);
  }
  private url(path: string): string {
    return `${this.remote.orgUrl.replace(/\/+$/, '')}/api/v1${path}`;
  }
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const err = e as { status?: number; errorSummary?: string; errorCauses?: { errorSummary: string }[]; message?: string; code?: string };
      if (err.status === 401) throw new RemoteError(`${this.remote.orgUrl} refused the token (401): check the API token`);
      const causes = err.errorCauses?.map((c) => c.errorSummary).join('; ');
      const detail = err.errorSummary ? `${err.status} ${err.errorSummary}${causes ? `: ${causes}` : ''}` : (err.message ?? String(e)).split('\n')[0];
      throw new RemoteError(`${what}: ${detail}`);
    }
  }
  /** Every page of a list (Okta's `Link: rel="next"`). */
  async list(path: string): Promise<Obj[]> {
    const out: Obj[] = [];
    let next: string | undefined = this.url(path);
    while (next) {
      const url: string = next;
      const res = await this.call(`GET ${path}`, () => this.c.http.http(url, request({ method: 'get', headers: { Accept: 'application/json' } })));
      out.push(...((await res.json()) as Obj[]));
      const link = res.headers.get('link') ?? '';
      next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
    }
    return out;
  }
  get(path: string): Promise<Obj> {
    return this.call(`GET ${path}`, () => this.c.http.getJson(this.url(path)) as Promise<Obj>);
  }
  async send(method: 'post' | 'put', path: string, body?: unknown): Promise<Obj> {
    const res = await this.call(`${method.toUpperCase()} ${path}`, () =>
      this.c.http.http(this.url(path), request({ method, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })),
    );
    const text = await res.text();
    return text ? (JSON.parse(text) as Obj) : {};
  }
  async delete(path: string): Promise<void> {
    await this.call(`DELETE ${path}`, () => this.c.http.http(this.url(path), request({ method: 'delete' })));
  }
}

interface RemoteBundle {
  bundle: Obj;
  server?: Obj;
}

/** The remote server by name with its children; `scope` says which apps and groups come along. */
async function fetchBundle(api: Api, serverName: string, scope: 'referenced' | 'all', logins: string[] = []): Promise<RemoteBundle> {
  const servers = await api.list('/authorizationServers');
  const server = servers.find((s) => lower(String(s.name)) === lower(serverName));
  const serversOut: Obj[] = [];
  const clientIds = new Set<string>();
  const groupIds = new Set<string>();
  const userIds = new Set<string>();
  if (server) {
    const base = `/authorizationServers/${String(server.id)}`;
    const policies = await api.list(`${base}/policies`);
    for (const p of policies) {
      p.rules = await api.list(`${base}/policies/${String(p.id)}/rules`);
      for (const c of ((p.conditions as Obj)?.clients as Obj)?.include as string[] ?? []) clientIds.add(c);
      for (const r of p.rules as Obj[]) {
        const people = ((r.conditions as Obj)?.people ?? {}) as { users?: { include?: string[]; exclude?: string[] }; groups?: { include?: string[]; exclude?: string[] } };
        for (const g of [...(people.groups?.include ?? []), ...(people.groups?.exclude ?? [])]) if (g !== EVERYONE) groupIds.add(g);
        for (const u of [...(people.users?.include ?? []), ...(people.users?.exclude ?? [])]) userIds.add(u);
      }
    }
    serversOut.push({ ...server, scopes: await api.list(`${base}/scopes`), claims: await api.list(`${base}/claims`), policies });
  }
  const apps = (await api.list('/apps')).filter((a) => a.signOnMode === 'OPENID_CONNECT' && (scope === 'all' || clientIds.has(ALL_CLIENTS) || clientIds.has(String(((a.credentials as Obj)?.oauthClient as Obj)?.client_id)) || clientIds.has(String(a.id))));
  const appGroups: Obj = {};
  for (const a of apps) {
    appGroups[String(a.id)] = await api.list(`/apps/${String(a.id)}/groups`);
    for (const g of appGroups[String(a.id)] as Obj[]) groupIds.add(String(g.id));
  }
  const allGroups = await api.list('/groups');
  const groups = allGroups.filter((g) => scope === 'all' || g.type === 'BUILT_IN' || groupIds.has(String(g.id)));
  const users: Obj[] = [];
  for (const id of userIds) users.push(await api.get(`/users/${encodeURIComponent(id)}`));
  for (const login of logins) {
    if (users.some((u) => lower(String((u.profile as Obj)?.login)) === lower(login))) continue;
    try {
      users.push(await api.get(`/users/${encodeURIComponent(login)}`));
    } catch {
      // Not in the remote org: the plan says so by name.
    }
  }
  return { bundle: { authorizationServers: serversOut, apps, groups, users, appGroups }, server };
}

export interface PullResult {
  plan: Plan;
}

/** Copies one remote authorization server, and the apps, groups and users it names, into the workspace. */
export async function pullServer(store: Store, remote: Remote, serverName: string, opts: { dryRun?: boolean } = {}): Promise<Plan> {
  const api = new Api(remote);
  const { bundle, server } = await fetchBundle(api, serverName, 'referenced');
  if (!server) throw new RemoteError(`${remote.orgUrl} has no authorization server named '${serverName}'`);
  const doc = oktaBundleToDoc(bundle);
  return opts.dryRun ? planDocument(store, doc, 'merge') : applyDocument(store, doc, { mode: 'merge' });
}

/** The local server as the remote should have it: names only, no ids, secrets or users of ours. */
function desiredFor(store: Store, serverName: string): WorkspaceDoc {
  const doc = oktaBundleToDoc(exportOktaBundle(store, { server: serverName }));
  delete doc.users;
  for (const a of doc.apps ?? []) {
    delete a.clientId;
    delete a.clientSecret;
  }
  for (const s of doc.authorizationServers ?? []) delete s.id;
  return doc;
}

function ruleLogins(doc: WorkspaceDoc): string[] {
  const out = new Set<string>();
  for (const s of doc.authorizationServers ?? []) for (const p of s.policies ?? []) for (const r of p.rules ?? []) {
    const users = r.conditions.people?.users;
    for (const l of [...(users?.include ?? []), ...(users?.exclude ?? [])]) out.add(l);
  }
  return [...out];
}

/** The remote's state loaded into a scratch workspace in memory, so the plan is the same code as `diff`. */
async function scratchOf(bundle: Obj): Promise<{ store: Store; close(): void }> {
  const db = openDatabase(':memory:');
  const store = createStore(db);
  await initOrg(store, new Date().toISOString(), 'none');
  const remoteDoc = oktaBundleToDoc(bundle);
  for (const s of remoteDoc.authorizationServers ?? []) delete s.id;
  await applyDocument(store, remoteDoc, { mode: 'merge' });
  return { store, close: () => db.close() };
}

export interface PushPreparation {
  plan: Plan;
  /** Applies the plan to the remote org (after the user said yes). */
  apply(): Promise<void>;
}

/** What pushing the local server to the remote org would change; `apply()` does it. */
export async function preparePush(store: Store, remote: Remote, serverName: string): Promise<PushPreparation> {
  if (!store.authServers.all().some((s) => lower(s.name) === lower(serverName))) {
    throw new RemoteError(`this workspace has no authorization server named '${serverName}'`);
  }
  const desired = desiredFor(store, serverName);
  const api = new Api(remote);
  const { bundle } = await fetchBundle(api, serverName, 'all', ruleLogins(desired));
  const scratch = await scratchOf(bundle);
  let plan: Plan;
  try {
    plan = await planDocument(scratch.store, desired, 'merge');
  } finally {
    scratch.close();
  }
  return { plan, apply: () => pushPlan(api, bundle, desired, plan) };
}

async function pushPlan(api: Api, bundle: Obj, desired: WorkspaceDoc, plan: Plan): Promise<void> {
  const groupIds = new Map<string, string>();
  for (const g of bundle.groups as Obj[]) groupIds.set(lower(g.type === 'BUILT_IN' ? EVERYONE_GROUP : String((g.profile as Obj).name)), String(g.id));
  const apps = new Map<string, Obj>();
  for (const a of bundle.apps as Obj[]) apps.set(String(a.label), a);
  const userIds = new Map<string, string>();
  for (const u of bundle.users as Obj[]) userIds.set(lower(String((u.profile as Obj).login)), String(u.id));
  const remoteServer = (bundle.authorizationServers as Obj[])[0];
  let serverId = remoteServer ? String(remoteServer.id) : undefined;
  const children = { scopes: (remoteServer?.scopes ?? []) as Obj[], claims: (remoteServer?.claims ?? []) as Obj[], policies: (remoteServer?.policies ?? []) as Obj[] };

  const want = desired.authorizationServers![0]!;
  const groupDoc = (name: string) => desired.groups!.find((g) => lower(g.name) === lower(name))!;
  const appDoc = (name: string) => desired.apps!.find((a) => a.name === name)!;
  const clientId = (name: string) => (name === ALL_CLIENTS ? name : String(((apps.get(name)!.credentials as Obj).oauthClient as Obj).client_id));
  const groupId = (name: string) => (name === EVERYONE ? name : groupIds.get(lower(name))!);
  const userId = (login: string) => {
    const id = userIds.get(lower(login));
    if (!id) throw new RemoteError(`the user '${login}' does not exist in the remote org (users are not pushed)`);
    return id;
  };
  const base = () => `/authorizationServers/${serverId}`;
  const of = (c: Change) => c.ref ?? [];

  for (const c of plan.changes) {
    if (c.action === 'delete' && (c.kind === 'group' || c.kind === 'app' || c.kind === 'user')) continue;
    switch (c.kind) {
      case 'group': {
        const g = groupDoc(c.name);
        const body = { profile: { ...(g.attributes ?? {}), name: g.name, ...(g.description !== undefined ? { description: g.description } : {}) } };
        const res = c.action === 'create' ? await api.send('post', '/groups', body) : await api.send('put', `/groups/${groupIds.get(lower(g.name))}`, body);
        groupIds.set(lower(g.name), String(res.id));
        break;
      }
      case 'app': {
        const a = appDoc(c.name);
        const body = appBody(a);
        const existing = apps.get(a.name);
        let res: Obj;
        if (!existing) res = await api.send('post', `/apps?activate=${a.status !== 'INACTIVE'}`, body);
        else {
          res = await api.send('put', `/apps/${String(existing.id)}`, body);
          if (existing.status !== (a.status ?? 'ACTIVE')) await api.send('post', `/apps/${String(existing.id)}/lifecycle/${a.status === 'INACTIVE' ? 'deactivate' : 'activate'}`);
        }
        apps.set(a.name, res);
        const assigned = existing ? await api.list(`/apps/${String(res.id)}/groups`) : [];
        const wantGroups = (a.assignments?.groups ?? []).map((n) => groupIds.get(lower(n))!);
        for (const x of assigned) if (!wantGroups.includes(String(x.id))) await api.delete(`/apps/${String(res.id)}/groups/${String(x.id)}`);
        for (const [i, gid] of wantGroups.entries()) await api.send('put', `/apps/${String(res.id)}/groups/${gid}`, { priority: i });
        break;
      }
      case 'authorizationServer': {
        const body = { name: want.name, description: want.description ?? '', audiences: want.audiences, credentials: { signing: { rotationMode: want.rotationMode ?? 'AUTO' } } };
        const res = c.action === 'create' ? await api.send('post', '/authorizationServers', body) : await api.send('put', `/authorizationServers/${serverId}`, body);
        serverId = String(res.id);
        if (c.action === 'create') {
          // A new server comes with Okta's system scopes and claims: learn their ids.
          children.scopes = await api.list(`${base()}/scopes`);
          children.claims = await api.list(`${base()}/claims`);
          children.policies = [];
        }
        if ((res.status ?? 'ACTIVE') !== (want.status ?? 'ACTIVE')) await api.send('post', `${base()}/lifecycle/${want.status === 'INACTIVE' ? 'deactivate' : 'activate'}`);
        break;
      }
      case 'scope': {
        const [, name] = of(c);
        const cur = children.scopes.find((x) => x.name === name);
        if (c.action === 'delete') await api.delete(`${base()}/scopes/${String(cur!.id)}`);
        else {
          const s = want.scopes!.find((x) => x.name === name)!;
          if (cur) await api.send('put', `${base()}/scopes/${String(cur.id)}`, s);
          else children.scopes.push(await api.send('post', `${base()}/scopes`, s));
        }
        break;
      }
      case 'claim': {
        const [, key] = of(c);
        const cur = children.claims.find((x) => `${String(x.claimType)}:${String(x.name)}` === key);
        if (c.action === 'delete') await api.delete(`${base()}/claims/${String(cur!.id)}`);
        else {
          const cl = want.claims!.find((x) => `${x.claimType}:${x.name}` === key)!;
          if (cur) await api.send('put', `${base()}/claims/${String(cur.id)}`, cl);
          else children.claims.push(await api.send('post', `${base()}/claims`, cl));
        }
        break;
      }
      case 'policy': {
        const [, name] = of(c);
        const cur = children.policies.find((x) => x.name === name);
        if (c.action === 'delete') {
          await api.delete(`${base()}/policies/${String(cur!.id)}`);
          break;
        }
        const index = want.policies!.findIndex((x) => x.name === name);
        const p = want.policies![index]!;
        const body = { type: 'OAUTH_AUTHORIZATION_POLICY', name: p.name, description: p.description, status: p.status ?? 'ACTIVE', priority: index + 1, conditions: { clients: { include: p.conditions.clients.include.map(clientId) } } };
        if (cur) await api.send('put', `${base()}/policies/${String(cur.id)}`, body);
        else children.policies.push({ ...(await api.send('post', `${base()}/policies`, body)), rules: [] });
        break;
      }
      case 'rule': {
        const [, policyName, name] = of(c);
        const policy = children.policies.find((x) => x.name === policyName)!;
        const rules = (policy.rules ?? []) as Obj[];
        const cur = rules.find((x) => x.name === name);
        const path = `${base()}/policies/${String(policy.id)}/rules`;
        if (c.action === 'delete') {
          await api.delete(`${path}/${String(cur!.id)}`);
          break;
        }
        const p = want.policies!.find((x) => x.name === policyName)!;
        const index = p.rules!.findIndex((x) => x.name === name);
        const r = p.rules![index]!;
        const people = r.conditions.people ?? {};
        const body = {
          type: 'RESOURCE_ACCESS', name: r.name, status: r.status ?? 'ACTIVE', priority: index + 1,
          conditions: {
            people: {
              users: { include: (people.users?.include ?? []).map(userId), exclude: (people.users?.exclude ?? []).map(userId) },
              groups: { include: (people.groups?.include ?? []).map(groupId), exclude: (people.groups?.exclude ?? []).map(groupId) },
            },
            grantTypes: r.conditions.grantTypes,
            scopes: r.conditions.scopes,
          },
          ...(r.actions ? { actions: r.actions } : {}),
        };
        if (cur) await api.send('put', `${path}/${String(cur.id)}`, body);
        else {
          rules.push(await api.send('post', path, body));
          policy.rules = rules;
        }
        break;
      }
      default:
        break;
    }
  }
}

function appBody(a: AppDoc): Obj {
  return {
    name: 'oidc_client',
    label: a.name,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { ...(a.oauthClient ?? {}) }, ...(a.userNameTemplate ? { userNameTemplate: a.userNameTemplate } : {}) },
    settings: { oauthClient: a.settings },
    ...(a.profile ? { profile: a.profile } : {}),
  };
}

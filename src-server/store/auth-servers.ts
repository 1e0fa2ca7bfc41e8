import type { Db } from './db.js';
import { stmt } from './statements.js';
import { listPage, type ListOptions } from './paging.js';
import type { Page } from '../admin/http.js';
import type { AuthServer } from '../authz/servers.js';
import type { Scope } from '../authz/scopes.js';
import type { Claim } from '../authz/claims.js';
import { placeAt, type Policy, type Rule } from '../authz/policies.js';
import type { NewKey, SigningKey, KeyStatus } from '../tokens/keys.js';

type ServerData = Omit<AuthServer, 'id' | 'name' | 'status' | 'isDefault' | 'created' | 'lastUpdated'>;
interface ServerRow { seq: number; id: string; name: string; status: string; is_default: number; created: string; last_updated: string; data: string }
interface DataRow { seq: number; id: string; data: string }

function serverFromRow(r: ServerRow): AuthServer {
  const d = JSON.parse(r.data) as ServerData;
  return { id: r.id, name: r.name, status: r.status as AuthServer['status'], isDefault: !!r.is_default, created: r.created, lastUpdated: r.last_updated, ...d };
}

function serverData(s: AuthServer): ServerData {
  const { id: _i, name: _n, status: _s, isDefault: _d, created: _c, lastUpdated: _l, ...rest } = s;
  return rest;
}

/**
 * The authorization-server aggregate: the server and everything that belongs to it (keys, scopes,
 * claims, policies, rules). Deleting a server cascades to all of them (foreign keys).
 */
export class AuthServerRepo {
  constructor(private readonly db: Db) {}

  // ---- servers ----
  get(id: string): AuthServer | undefined {
    const r = stmt(this.db, 'SELECT * FROM auth_servers WHERE id = ?').get(id) as ServerRow | undefined;
    return r && serverFromRow(r);
  }
  nameTaken(name: string, exceptId?: string): boolean {
    const r = stmt(this.db, 'SELECT id FROM auth_servers WHERE name_key = ?').get(name.toLowerCase()) as { id: string } | undefined;
    return !!r && r.id !== exceptId;
  }
  insert(s: AuthServer): void {
    stmt(this.db, 'INSERT INTO auth_servers (id, name, name_key, status, is_default, created, last_updated, data) VALUES (?,?,?,?,?,?,?,?)')
      .run(s.id, s.name, s.name.toLowerCase(), s.status, s.isDefault ? 1 : 0, s.created, s.lastUpdated, JSON.stringify(serverData(s)));
  }
  update(s: AuthServer): void {
    stmt(this.db, 'UPDATE auth_servers SET name=?, name_key=?, status=?, last_updated=?, data=? WHERE id=?')
      .run(s.name, s.name.toLowerCase(), s.status, s.lastUpdated, JSON.stringify(serverData(s)), s.id);
  }
  delete(id: string): void {
    stmt(this.db, 'DELETE FROM auth_servers WHERE id = ?').run(id);
  }
  list(opts: ListOptions): Page<AuthServer> {
    return listPage<ServerRow, AuthServer>(this.db, 'auth_servers', opts, serverFromRow);
  }
  all(): AuthServer[] {
    return (stmt(this.db, 'SELECT * FROM auth_servers ORDER BY seq').all() as ServerRow[]).map(serverFromRow);
  }

  // ---- keys (authServerId null = the org authorization server) ----
  keys(authServerId: string | null, statuses?: KeyStatus[]): SigningKey[] {
    const rows = stmt(this.db, `SELECT * FROM signing_keys WHERE auth_server_id IS ? ORDER BY CASE status WHEN 'ACTIVE' THEN 0 WHEN 'NEXT' THEN 1 WHEN 'EXPIRED' THEN 2 ELSE 3 END, seq DESC`)
      .all(authServerId) as { kid: string; auth_server_id: string | null; status: KeyStatus; created: string; public_jwk: string; private_jwk: string }[];
    return rows
      .filter((r) => !statuses || statuses.includes(r.status))
      .map((r) => ({ kid: r.kid, authServerId: r.auth_server_id, status: r.status, created: r.created, publicJwk: JSON.parse(r.public_jwk), privateJwk: JSON.parse(r.private_jwk) }));
  }
  activeKey(authServerId: string | null): SigningKey | undefined {
    return this.keys(authServerId, ['ACTIVE'])[0];
  }
  insertKey(authServerId: string | null, k: NewKey, status: KeyStatus, now: string): void {
    stmt(this.db, 'INSERT INTO signing_keys (kid, auth_server_id, status, created, public_jwk, private_jwk) VALUES (?,?,?,?,?,?)')
      .run(k.kid, authServerId, status, now, JSON.stringify(k.publicJwk), JSON.stringify(k.privateJwk));
  }
  /**
   * Manual or scheduled rotation (reference §4.3): EXPIRED → RETIRED, ACTIVE → EXPIRED, NEXT → ACTIVE
   * (or `fresh[0]` when there is no NEXT), then the last fresh key becomes the new NEXT. Call inside a transaction.
   */
  rotateKeys(authServerId: string | null, fresh: NewKey[], now: string): void {
    const hasNext = this.keys(authServerId, ['NEXT']).length > 0;
    const set = stmt(this.db, 'UPDATE signing_keys SET status = ? WHERE auth_server_id IS ? AND status = ?');
    set.run('RETIRED', authServerId, 'EXPIRED');
    set.run('EXPIRED', authServerId, 'ACTIVE');
    if (hasNext) set.run('ACTIVE', authServerId, 'NEXT');
    else this.insertKey(authServerId, fresh[0]!, 'ACTIVE', now);
    this.insertKey(authServerId, fresh[fresh.length - 1]!, 'NEXT', now);
  }
  hasNextKey(authServerId: string | null): boolean {
    return this.keys(authServerId, ['NEXT']).length > 0;
  }

  // ---- scopes ----
  scopes(authServerId: string, opts?: ListOptions): Page<Scope> {
    return listPage<DataRow, Scope>(
      this.db,
      'scopes',
      { limit: opts?.limit ?? 10_000, after: opts?.after, where: `auth_server_id = ?${opts?.where ? ` AND (${opts.where})` : ''}`, params: [authServerId, ...(opts?.params ?? [])] },
      (r) => JSON.parse(r.data) as Scope,
    );
  }
  allScopes(authServerId: string): Scope[] {
    return (stmt(this.db, 'SELECT data FROM scopes WHERE auth_server_id = ? ORDER BY seq').all(authServerId) as DataRow[]).map((r) => JSON.parse(r.data));
  }
  scope(authServerId: string, id: string): Scope | undefined {
    const r = stmt(this.db, 'SELECT data FROM scopes WHERE auth_server_id = ? AND id = ?').get(authServerId, id) as DataRow | undefined;
    return r && JSON.parse(r.data);
  }
  scopeByName(authServerId: string, name: string): Scope | undefined {
    const r = stmt(this.db, 'SELECT data FROM scopes WHERE auth_server_id = ? AND name = ?').get(authServerId, name) as DataRow | undefined;
    return r && JSON.parse(r.data);
  }
  putScope(s: Scope): void {
    stmt(this.db, 
        `INSERT INTO scopes (id, auth_server_id, name, system, data) VALUES (?,?,?,?,?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data`,
      )
      .run(s.id, s.authServerId, s.name, s.system ? 1 : 0, JSON.stringify(s));
  }
  deleteScope(id: string): void {
    stmt(this.db, 'DELETE FROM scopes WHERE id = ?').run(id);
  }

  // ---- claims ----
  claims(authServerId: string): Claim[] {
    return (stmt(this.db, 'SELECT data FROM claims WHERE auth_server_id = ? ORDER BY seq').all(authServerId) as DataRow[]).map((r) => JSON.parse(r.data));
  }
  claim(authServerId: string, id: string): Claim | undefined {
    const r = stmt(this.db, 'SELECT data FROM claims WHERE auth_server_id = ? AND id = ?').get(authServerId, id) as DataRow | undefined;
    return r && JSON.parse(r.data);
  }
  claimNameTaken(authServerId: string, claimType: string, name: string, exceptId?: string): boolean {
    const r = stmt(this.db, 'SELECT id FROM claims WHERE auth_server_id = ? AND claim_type = ? AND name = ?').get(authServerId, claimType, name) as { id: string } | undefined;
    return !!r && r.id !== exceptId;
  }
  putClaim(c: Claim): void {
    stmt(this.db, 
        `INSERT INTO claims (id, auth_server_id, name, claim_type, system, data) VALUES (?,?,?,?,?,?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, claim_type = excluded.claim_type, data = excluded.data`,
      )
      .run(c.id, c.authServerId, c.name, c.claimType, c.system ? 1 : 0, JSON.stringify(c));
  }
  deleteClaim(id: string): void {
    stmt(this.db, 'DELETE FROM claims WHERE id = ?').run(id);
  }

  // ---- policies ----
  policies(authServerId: string): Policy[] {
    return (stmt(this.db, 'SELECT data FROM policies WHERE auth_server_id = ? ORDER BY priority, seq').all(authServerId) as DataRow[]).map((r) => JSON.parse(r.data));
  }
  policy(authServerId: string, id: string): Policy | undefined {
    const r = stmt(this.db, 'SELECT data FROM policies WHERE auth_server_id = ? AND id = ?').get(authServerId, id) as DataRow | undefined;
    return r && JSON.parse(r.data);
  }
  /**
   * Stores a policy at its requested priority and renumbers its siblings 1..n. Call inside a transaction.
   */
  putPolicy(p: Policy, requestedPriority: number | undefined): Policy {
    const siblings = this.policies(p.authServerId);
    const exists = siblings.some((s) => s.id === p.id);
    const order = placeAt(siblings.map((s) => s.id), p.id, requestedPriority ?? (exists ? siblings.find((s) => s.id === p.id)!.priority : undefined));
    if (!exists) stmt(this.db, 'INSERT INTO policies (id, auth_server_id, priority, data) VALUES (?,?,?,?)').run(p.id, p.authServerId, 0, '{}');
    const byId = new Map(siblings.map((s) => [s.id, s]));
    byId.set(p.id, p);
    this.renumber('policies', order, byId);
    return { ...p, priority: order.indexOf(p.id) + 1 };
  }
  deletePolicy(p: Policy): void {
    stmt(this.db, 'DELETE FROM policies WHERE id = ?').run(p.id);
    const rest = this.policies(p.authServerId);
    this.renumber('policies', rest.map((x) => x.id), new Map(rest.map((x) => [x.id, x])));
  }

  // ---- rules ----
  rules(policyId: string): Rule[] {
    return (stmt(this.db, 'SELECT data FROM rules WHERE policy_id = ? ORDER BY priority, seq').all(policyId) as DataRow[]).map((r) => JSON.parse(r.data));
  }
  rule(policyId: string, id: string): Rule | undefined {
    const r = stmt(this.db, 'SELECT data FROM rules WHERE policy_id = ? AND id = ?').get(policyId, id) as DataRow | undefined;
    return r && JSON.parse(r.data);
  }
  putRule(r: Rule, requestedPriority: number | undefined): Rule {
    const siblings = this.rules(r.policyId);
    const existing = siblings.find((s) => s.id === r.id);
    const order = placeAt(siblings.map((s) => s.id), r.id, requestedPriority ?? existing?.priority);
    if (!existing) stmt(this.db, 'INSERT INTO rules (id, policy_id, priority, data) VALUES (?,?,?,?)').run(r.id, r.policyId, 0, '{}');
    const byId = new Map(siblings.map((s) => [s.id, s]));
    byId.set(r.id, r);
    this.renumber('rules', order, byId);
    return { ...r, priority: order.indexOf(r.id) + 1 };
  }
  deleteRule(r: Rule): void {
    stmt(this.db, 'DELETE FROM rules WHERE id = ?').run(r.id);
    const rest = this.rules(r.policyId);
    this.renumber('rules', rest.map((x) => x.id), new Map(rest.map((x) => [x.id, x])));
  }

  /** Every rule of every server, for reference clean-up. */
  allRules(): Rule[] {
    return (stmt(this.db, 'SELECT data FROM rules ORDER BY seq').all() as DataRow[]).map((r) => JSON.parse(r.data));
  }

  allPolicies(): Policy[] {
    return (stmt(this.db, 'SELECT data FROM policies ORDER BY seq').all() as DataRow[]).map((r) => JSON.parse(r.data));
  }

  /** Rewrites one stored rule or policy without touching its priority. */
  saveRuleData(r: Rule): void {
    stmt(this.db, 'UPDATE rules SET data = ? WHERE id = ?').run(JSON.stringify(r), r.id);
  }

  savePolicyData(p: Policy): void {
    stmt(this.db, 'UPDATE policies SET data = ? WHERE id = ?').run(JSON.stringify(p), p.id);
  }

  /** Writes priorities 1..n in the given order, into both the column and the stored JSON. */
  private renumber<T extends { id: string; priority: number }>(table: 'policies' | 'rules', order: string[], byId: Map<string, T>): void {
    const update = stmt(this.db, `UPDATE ${table} SET priority = ?, data = ? WHERE id = ?`);
    order.forEach((id, i) => {
      const item = byId.get(id)!;
      update.run(i + 1, JSON.stringify({ ...item, priority: i + 1 }), id);
    });
  }
}

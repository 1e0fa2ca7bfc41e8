import { z } from 'zod';
import type { Db } from '../store/db.js';
import { stmt } from '../store/statements.js';
import { listPage, type ListOptions } from '../store/paging.js';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link, type Page } from '../admin/http.js';

/** Okta's Trusted Origins (`/api/v1/trustedOrigins`): origins allowed CORS, redirects, iframes. */
export interface TrustedOrigin {
  id: string;
  name: string;
  origin: string;
  status: 'ACTIVE' | 'INACTIVE';
  scopes: { type: 'CORS' | 'REDIRECT' | 'IFRAME_EMBED'; allowedOktaApps?: string[] }[];
  created: string;
  lastUpdated: string;
}

const originSchema = z
  .string()
  .max(1024)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v;
    } catch {
      return false;
    }
  }, 'Must be an origin: scheme, host and port only, such as https://app.example.com');

const schema = z.strictObject({
  name: z.string({ error: blank }).trim().min(1).max(255),
  origin: originSchema,
  scopes: z.array(z.strictObject({ type: z.enum(['CORS', 'REDIRECT', 'IFRAME_EMBED']), allowedOktaApps: z.array(z.string()).optional() })).min(1, 'Select at least one scope').max(3),
  id: readOnly, status: readOnly, created: readOnly, createdBy: readOnly, lastUpdated: readOnly, lastUpdatedBy: readOnly, _links: readOnly,
});

export function parseTrustedOrigin(body: unknown): Pick<TrustedOrigin, 'name' | 'origin' | 'scopes'> {
  const b = parseBody(schema, body);
  return { name: b.name, origin: b.origin, scopes: b.scopes };
}

export function trustedOriginToWire(t: TrustedOrigin, org: string, adminId: string) {
  const self = `${org}/api/v1/trustedOrigins/${t.id}`;
  return {
    id: t.id,
    name: t.name,
    origin: t.origin,
    scopes: t.scopes,
    status: t.status,
    created: t.created,
    createdBy: adminId,
    lastUpdated: t.lastUpdated,
    lastUpdatedBy: adminId,
    _links: {
      self: link(self, 'GET', 'PUT', 'DELETE'),
      ...(t.status === 'ACTIVE' ? { deactivate: link(`${self}/lifecycle/deactivate`, 'POST') } : { activate: link(`${self}/lifecycle/activate`, 'POST') }),
    },
  };
}

interface Row { seq: number; id: string; status: string; created: string; last_updated: string; data: string }
const fromRow = (r: Row): TrustedOrigin => ({ ...(JSON.parse(r.data) as Pick<TrustedOrigin, 'name' | 'origin' | 'scopes'>), id: r.id, status: r.status as TrustedOrigin['status'], created: r.created, lastUpdated: r.last_updated });

export class TrustedOriginRepo {
  constructor(private readonly db: Db) {}
  get(id: string): TrustedOrigin | undefined {
    const r = stmt(this.db, 'SELECT * FROM trusted_origins WHERE id = ?').get(id) as Row | undefined;
    return r && fromRow(r);
  }
  clash(t: Pick<TrustedOrigin, 'name' | 'origin'>, exceptId?: string): 'name' | 'origin' | undefined {
    const r = stmt(this.db, 'SELECT id, name, origin FROM trusted_origins WHERE (name = ? OR origin = ?) AND id != ?').get(t.name, t.origin, exceptId ?? '') as { name: string } | undefined;
    return r ? (r.name === t.name ? 'name' : 'origin') : undefined;
  }
  put(t: TrustedOrigin): void {
    stmt(this.db, `INSERT INTO trusted_origins (id, name, origin, status, created, last_updated, data) VALUES (?,?,?,?,?,?,?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, origin = excluded.origin, status = excluded.status, last_updated = excluded.last_updated, data = excluded.data`)
      .run(t.id, t.name, t.origin, t.status, t.created, t.lastUpdated, JSON.stringify({ name: t.name, origin: t.origin, scopes: t.scopes }));
  }
  delete(id: string): void {
    stmt(this.db, 'DELETE FROM trusted_origins WHERE id = ?').run(id);
  }
  list(opts: ListOptions): Page<TrustedOrigin> {
    return listPage<Row, TrustedOrigin>(this.db, 'trusted_origins', opts, fromRow);
  }
  /** Origins browsers may call the protocol endpoints from. */
  corsOrigins(): string[] {
    return (stmt(this.db, "SELECT origin, data FROM trusted_origins WHERE status = 'ACTIVE'").all() as { origin: string; data: string }[])
      .filter((r) => (JSON.parse(r.data) as TrustedOrigin).scopes.some((s) => s.type === 'CORS'))
      .map((r) => r.origin);
  }
}

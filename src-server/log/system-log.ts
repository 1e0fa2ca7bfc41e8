import { uuidV7 } from '../util/ids.js';
import { stmt } from '../store/statements.js';
import type { Db } from '../store/db.js';
import { listPage, type ListOptions } from '../store/paging.js';
import type { Page } from '../admin/http.js';

/*
 * Gatehouse's System Log, in Okta's LogEvent shape (reference §9.5). Token decisions write events
 * with the decision trace in `debugContext.debugData`; the UI and `GET /api/v1/logs` read them.
 * Nothing secret goes in: no tokens, codes, secrets or passwords, only ids and decisions.
 */

export interface LogActor {
  id: string;
  type: string;
  alternateId?: string;
  displayName?: string;
}

export interface LogTarget extends LogActor {
  detailEntry?: Record<string, unknown> | null;
}

export interface LogEventInput {
  eventType: string;
  displayMessage: string;
  severity?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  outcome: { result: 'SUCCESS' | 'FAILURE' | 'DENY' | 'ALLOW'; reason?: string | null };
  actor: LogActor;
  target?: LogTarget[];
  requestId?: string;
  ipAddress?: string;
  userAgent?: string;
  debugData?: Record<string, unknown>;
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: '0';
  severity: string;
  legacyEventType: null;
  displayMessage: string;
  actor: LogActor & { detailEntry: null };
  client: { userAgent: { rawUserAgent: string | null; os: string; browser: string } | null; zone: string; device: string; id: string | null; ipAddress: string | null; geographicalContext: null };
  device: null;
  authenticationContext: { authenticationProvider: null; credentialProvider: null; credentialType: null; issuer: null; interface: null; authenticationStep: 0; externalSessionId: string | null };
  outcome: { result: string; reason: string | null };
  target: LogTarget[];
  transaction: { type: 'WEB'; id: string | null; detail: Record<string, never> };
  debugContext: { debugData: Record<string, unknown> };
  securityContext: { asNumber: null; asOrg: null; isp: null; domain: null; isProxy: null };
  request: { ipChain: { ip: string; geographicalContext: null; version: 'V4' | 'V6'; source: null }[] };
}

/** What a row holds: the event as written (rows from before this format hold whole LogEvents). */
interface StoredEvent { v: 2; uuid: string; published: string; severity: string; input: LogEventInput }

function readEvent(data: string): LogEvent {
  const r = JSON.parse(data) as StoredEvent | LogEvent;
  return 'v' in r && r.v === 2 ? toLogEvent(r) : (r as LogEvent);
}

/** Okta's whole LogEvent, built when read: only what varies is stored. */
function toLogEvent(r: StoredEvent): LogEvent {
  const e = r.input;
  return {
    uuid: r.uuid,
    published: r.published,
    eventType: e.eventType,
    version: '0',
    severity: r.severity,
    legacyEventType: null,
    displayMessage: e.displayMessage,
    actor: { ...e.actor, detailEntry: null },
    client: {
      userAgent: e.userAgent ? { rawUserAgent: e.userAgent, os: 'Unknown', browser: 'UNKNOWN' } : null,
      zone: 'null',
      device: 'Unknown',
      id: e.actor.type.endsWith('App') ? e.actor.id : null,
      ipAddress: e.ipAddress ?? null,
      geographicalContext: null,
    },
    device: null,
    authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: null },
    outcome: { result: e.outcome.result, reason: e.outcome.reason ?? null },
    target: (e.target ?? []).map((t) => ({ detailEntry: null, ...t })),
    transaction: { type: 'WEB', id: e.requestId ?? null, detail: {} },
    debugContext: { debugData: { ...(e.requestId ? { requestId: e.requestId } : {}), ...(e.debugData ?? {}) } },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    request: { ipChain: e.ipAddress ? [{ ip: e.ipAddress, geographicalContext: null, version: e.ipAddress.includes(':') ? 'V6' : 'V4', source: null }] : [] },
  };
}

/**
 * Events are queued and written together, in one transaction, a few milliseconds later: a commit
 * per token was the token endpoint's largest cost after the signature (and with signatures on the
 * thread pool, the next turn of the event loop holds only one or two events). Readers flush first,
 * so they always see every event written before them; `flush()` also runs at shutdown, so only a
 * crash can lose the last few milliseconds of events.
 */
const FLUSH_AFTER_MS = 20;

export class SystemLog {
  private pending: unknown[][] = [];
  private scheduled = false;
  private lost = 0;

  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {}

  flush(): void {
    if (!this.pending.length || !this.db.open) return;
    const rows = this.pending;
    this.pending = [];
    this.lost = rows.length;
    const insert = stmt(this.db, 'INSERT INTO log_events (uuid, published, event_type, severity, outcome, actor_id, request_id, search, data) VALUES (?,?,?,?,?,?,?,?,?)');
    this.db.transaction(() => {
      for (const r of rows) insert.run(...r);
    })();
  }

  write(e: LogEventInput): void {
    const now = this.now();
    const r: StoredEvent = { v: 2, uuid: uuidV7(now), published: new Date(now).toISOString(), severity: e.severity ?? (e.outcome.result === 'FAILURE' || e.outcome.result === 'DENY' ? 'WARN' : 'INFO'), input: e };
    const search = [e.eventType, e.displayMessage, e.actor.id, e.actor.displayName, e.actor.alternateId, ...(e.target ?? []).flatMap((t) => [t.id, t.displayName, t.alternateId]), e.outcome.reason]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    this.pending.push([r.uuid, r.published, e.eventType, r.severity, e.outcome.result, e.actor.id, e.requestId ?? null, search, JSON.stringify(r)]);
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => {
        this.scheduled = false;
        try {
          this.flush();
        } catch (err) {
          // The log must never take the server down; the events of this batch are lost, and said so.
          process.stderr.write(`gatehouse: could not write ${this.lost} System Log events: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }, FLUSH_AFTER_MS).unref();
    }
  }

  /** Oldest first (Okta's default `sortOrder=ASCENDING`), paged by the event's `uuid`. */
  list(opts: ListOptions): Page<LogEvent> {
    this.flush();
    const page = listPage<{ id: string; data: string; seq: number }, LogEvent>(
      this.db,
      `(SELECT seq, uuid AS id, published, event_type, severity, outcome, actor_id, request_id, search, data FROM log_events)`,
      opts,
      (r) => readEvent(r.data),
    );
    return page;
  }

  byRequest(requestId: string): LogEvent[] {
    this.flush();
    return (stmt(this.db, 'SELECT data FROM log_events WHERE request_id = ? ORDER BY seq').all(requestId) as { data: string }[]).map((r) => readEvent(r.data));
  }
}

import type { Store } from './store/index.js';
import type { Logger } from './util/log.js';
import type { SystemLog } from './log/system-log.js';
import type { UiSessions } from './admin/ui-sessions.js';

/** What every HTTP handler may use. The org URL is only known once the server listens (port 0). */
export interface AppContext {
  store: Store;
  orgUrl(): string;
  now(): number;
  log: Logger;
  /** Okta-style System Log of token decisions (`GET /api/v1/logs`). */
  systemLog: SystemLog;
  /** SHA-256 of the admin API token (`Authorization: SSWS <token>`). */
  adminTokenHash: Buffer;
  /** Host names (without port) the server answers to; a request with another Host is refused. */
  allowedHosts: Set<string> | 'any';
  version: string;
  /** The workbench's browser sessions (one-time sign-in URL -> cookie). */
  uiSessions: UiSessions;
  /** Bumped by every admin write; protocol caches of the configuration compare against it. */
  configVersion: number;
}

export function isoAt(ctx: AppContext): string {
  return new Date(ctx.now()).toISOString();
}

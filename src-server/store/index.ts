import type { Db } from './db.js';
import { stmt } from './statements.js';
import { UserRepo } from './users.js';
import { GroupRepo } from './groups.js';
import { AppRepo } from './apps.js';
import { AuthServerRepo } from './auth-servers.js';
import { SessionTokenRepo } from './session-tokens.js';
import { TokenRepo } from './tokens.js';
import { BrowserRepo, DeviceRepo } from './browser.js';
import { TrustedOriginRepo } from '../directory/trusted-origins.js';
import { ScenarioRepo } from './scenarios.js';

/** Key/value settings of the workspace (org id, admin token hash, ...). */
export class SettingsRepo {
  constructor(private readonly db: Db) {}
  get(key: string): string | undefined {
    return (stmt(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }
  set(key: string, value: string): void {
    stmt(this.db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}

export interface Store {
  db: Db;
  users: UserRepo;
  groups: GroupRepo;
  apps: AppRepo;
  authServers: AuthServerRepo;
  sessionTokens: SessionTokenRepo;
  tokens: TokenRepo;
  browser: BrowserRepo;
  devices: DeviceRepo;
  trustedOrigins: TrustedOriginRepo;
  scenarios: ScenarioRepo;
  settings: SettingsRepo;
  /** Runs `fn` in one transaction: every multi-row write goes through here. */
  tx<T>(fn: () => T): T;
}

export function createStore(db: Db): Store {
  return {
    db,
    users: new UserRepo(db),
    groups: new GroupRepo(db),
    apps: new AppRepo(db),
    authServers: new AuthServerRepo(db),
    sessionTokens: new SessionTokenRepo(db),
    tokens: new TokenRepo(db),
    browser: new BrowserRepo(db),
    devices: new DeviceRepo(db),
    trustedOrigins: new TrustedOriginRepo(db),
    scenarios: new ScenarioRepo(db),
    settings: new SettingsRepo(db),
    tx: <T>(fn: () => T) => db.transaction(fn)(),
  };
}

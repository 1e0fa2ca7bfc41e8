import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/*
 * Numbered migrations, applied in order, each in its own transaction (store/db.ts). Never edit a
 * migration that has shipped: add the next one. Objects keep their indexed fields in columns and the
 * rest of Okta's shape in a JSON `data` column, so new Okta fields need no migration.
 * `seq` columns give a stable creation order for cursor pagination (ids are random).
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'directory, apps, authorization servers',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );

        CREATE TABLE users (
          seq              INTEGER PRIMARY KEY AUTOINCREMENT,
          id               TEXT NOT NULL UNIQUE,
          login            TEXT NOT NULL,
          login_key        TEXT NOT NULL UNIQUE,
          status           TEXT NOT NULL,
          created          TEXT NOT NULL,
          activated        TEXT,
          status_changed   TEXT,
          last_login       TEXT,
          last_updated     TEXT NOT NULL,
          password_changed TEXT,
          password_hash    TEXT,
          profile          TEXT NOT NULL
        );

        CREATE TABLE groups (
          seq                     INTEGER PRIMARY KEY AUTOINCREMENT,
          id                      TEXT NOT NULL UNIQUE,
          type                    TEXT NOT NULL,
          name                    TEXT NOT NULL,
          name_key                TEXT NOT NULL UNIQUE,
          created                 TEXT NOT NULL,
          last_updated            TEXT NOT NULL,
          last_membership_updated TEXT NOT NULL,
          profile                 TEXT NOT NULL
        );

        CREATE TABLE group_members (
          group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
          user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          added    TEXT NOT NULL,
          PRIMARY KEY (group_id, user_id)
        );
        CREATE INDEX group_members_by_user ON group_members(user_id);

        CREATE TABLE apps (
          seq          INTEGER PRIMARY KEY AUTOINCREMENT,
          id           TEXT NOT NULL UNIQUE,
          client_id    TEXT NOT NULL UNIQUE,
          label        TEXT NOT NULL,
          status       TEXT NOT NULL,
          created      TEXT NOT NULL,
          last_updated TEXT NOT NULL,
          data         TEXT NOT NULL
        );

        CREATE TABLE app_users (
          seq          INTEGER PRIMARY KEY AUTOINCREMENT,
          app_id       TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
          user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          user_name    TEXT NOT NULL,
          created      TEXT NOT NULL,
          last_updated TEXT NOT NULL,
          profile      TEXT NOT NULL,
          UNIQUE (app_id, user_id)
        );
        CREATE INDEX app_users_by_user ON app_users(user_id);

        CREATE TABLE app_groups (
          seq          INTEGER PRIMARY KEY AUTOINCREMENT,
          app_id       TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
          group_id     TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
          priority     INTEGER NOT NULL,
          last_updated TEXT NOT NULL,
          profile      TEXT NOT NULL,
          UNIQUE (app_id, group_id)
        );
        CREATE INDEX app_groups_by_group ON app_groups(group_id);

        CREATE TABLE auth_servers (
          seq          INTEGER PRIMARY KEY AUTOINCREMENT,
          id           TEXT NOT NULL UNIQUE,
          name         TEXT NOT NULL,
          name_key     TEXT NOT NULL UNIQUE,
          status       TEXT NOT NULL,
          is_default   INTEGER NOT NULL DEFAULT 0,
          created      TEXT NOT NULL,
          last_updated TEXT NOT NULL,
          data         TEXT NOT NULL
        );

        -- auth_server_id NULL = the org authorization server's keys.
        CREATE TABLE signing_keys (
          seq            INTEGER PRIMARY KEY AUTOINCREMENT,
          kid            TEXT NOT NULL UNIQUE,
          auth_server_id TEXT REFERENCES auth_servers(id) ON DELETE CASCADE,
          status         TEXT NOT NULL CHECK (status IN ('ACTIVE','NEXT','EXPIRED','RETIRED')),
          created        TEXT NOT NULL,
          public_jwk     TEXT NOT NULL,
          private_jwk    TEXT NOT NULL
        );
        CREATE INDEX signing_keys_by_server ON signing_keys(auth_server_id, status);

        CREATE TABLE scopes (
          seq            INTEGER PRIMARY KEY AUTOINCREMENT,
          id             TEXT NOT NULL UNIQUE,
          auth_server_id TEXT NOT NULL REFERENCES auth_servers(id) ON DELETE CASCADE,
          name           TEXT NOT NULL,
          system         INTEGER NOT NULL DEFAULT 0,
          data           TEXT NOT NULL,
          UNIQUE (auth_server_id, name)
        );

        CREATE TABLE claims (
          seq            INTEGER PRIMARY KEY AUTOINCREMENT,
          id             TEXT NOT NULL UNIQUE,
          auth_server_id TEXT NOT NULL REFERENCES auth_servers(id) ON DELETE CASCADE,
          name           TEXT NOT NULL,
          claim_type     TEXT NOT NULL,
          system         INTEGER NOT NULL DEFAULT 0,
          data           TEXT NOT NULL,
          UNIQUE (auth_server_id, claim_type, name)
        );

        CREATE TABLE policies (
          seq            INTEGER PRIMARY KEY AUTOINCREMENT,
          id             TEXT NOT NULL UNIQUE,
          auth_server_id TEXT NOT NULL REFERENCES auth_servers(id) ON DELETE CASCADE,
          priority       INTEGER NOT NULL,
          data           TEXT NOT NULL
        );
        CREATE INDEX policies_by_server ON policies(auth_server_id, priority);

        CREATE TABLE rules (
          seq       INTEGER PRIMARY KEY AUTOINCREMENT,
          id        TEXT NOT NULL UNIQUE,
          policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
          priority  INTEGER NOT NULL,
          data      TEXT NOT NULL
        );
        CREATE INDEX rules_by_policy ON rules(policy_id, priority);
      `);
    },
  },
  {
    version: 2,
    description: 'classic authentication: single-use session tokens',
    up(db) {
      db.exec(`
        CREATE TABLE session_tokens (
          token_hash TEXT PRIMARY KEY,
          user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          created    TEXT NOT NULL,
          expires_at TEXT NOT NULL
        );
        ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
  {
    version: 3,
    description: 'system log',
    up(db) {
      db.exec(`
        CREATE TABLE log_events (
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          uuid       TEXT NOT NULL UNIQUE,
          published  TEXT NOT NULL,
          event_type TEXT NOT NULL,
          severity   TEXT NOT NULL,
          outcome    TEXT NOT NULL,
          actor_id   TEXT,
          request_id TEXT,
          search     TEXT NOT NULL,
          data       TEXT NOT NULL
        );
        CREATE INDEX log_events_by_time ON log_events(published);
        CREATE INDEX log_events_by_request ON log_events(request_id);
      `);
    },
  },
  {
    version: 4,
    description: 'tokens: refresh tokens (hashed), revocations, client assertion replay',
    up(db) {
      db.exec(`
        -- A refresh token chain: rotation creates a new row with the same chain_id.
        CREATE TABLE refresh_tokens (
          seq             INTEGER PRIMARY KEY AUTOINCREMENT,
          id              TEXT NOT NULL UNIQUE,
          token_hash      TEXT NOT NULL UNIQUE,
          chain_id        TEXT NOT NULL,
          auth_server_id  TEXT,
          client_id       TEXT NOT NULL,
          user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          scopes          TEXT NOT NULL,
          grant_type      TEXT NOT NULL,
          status          TEXT NOT NULL CHECK (status IN ('ACTIVE','ROTATED','REVOKED')),
          created         TEXT NOT NULL,
          last_updated    TEXT NOT NULL,
          expires_at      INTEGER,
          idle_expires_at INTEGER,
          rotated_at      INTEGER,
          auth_time       INTEGER NOT NULL
        );
        CREATE INDEX refresh_tokens_by_chain ON refresh_tokens(chain_id);
        -- Access tokens minted from a refresh chain, so revoking the chain revokes them.
        CREATE TABLE chained_access_tokens (
          jti      TEXT PRIMARY KEY,
          chain_id TEXT NOT NULL,
          exp      INTEGER NOT NULL
        );
        CREATE INDEX chained_access_tokens_by_chain ON chained_access_tokens(chain_id);
        CREATE TABLE revoked_chains (
          chain_id TEXT PRIMARY KEY,
          revoked  TEXT NOT NULL
        );
        CREATE TABLE revoked_access_tokens (
          jti TEXT PRIMARY KEY,
          exp INTEGER NOT NULL
        );
        CREATE TABLE used_assertions (
          jti       TEXT NOT NULL,
          client_id TEXT NOT NULL,
          exp       INTEGER NOT NULL,
          PRIMARY KEY (client_id, jti)
        );
      `);
    },
  },
  {
    version: 5,
    description: 'browser sign-in: sessions, authorization codes, remembered consents',
    up(db) {
      db.exec(`
        CREATE TABLE sessions (
          id_hash    TEXT PRIMARY KEY,
          user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          created    TEXT NOT NULL,
          auth_time  INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        );
        CREATE TABLE auth_codes (
          code_hash      TEXT PRIMARY KEY,
          auth_server_id TEXT,
          client_id      TEXT NOT NULL,
          user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          redirect_uri   TEXT NOT NULL,
          scopes         TEXT NOT NULL,
          nonce          TEXT,
          code_challenge TEXT,
          auth_time      INTEGER NOT NULL,
          expires_at     INTEGER NOT NULL,
          used           INTEGER NOT NULL DEFAULT 0,
          issued         TEXT
        );
        CREATE TABLE consents (
          user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          client_id      TEXT NOT NULL,
          auth_server_id TEXT NOT NULL,
          scope          TEXT NOT NULL,
          created        TEXT NOT NULL,
          PRIMARY KEY (user_id, client_id, auth_server_id, scope)
        );
      `);
    },
  },
  {
    version: 6,
    description: 'device authorization grant',
    up(db) {
      db.exec(`
        CREATE TABLE device_codes (
          device_code_hash TEXT PRIMARY KEY,
          user_code        TEXT NOT NULL UNIQUE,
          auth_server_id   TEXT,
          client_id        TEXT NOT NULL,
          scopes           TEXT,
          status           TEXT NOT NULL CHECK (status IN ('PENDING','APPROVED','DENIED','USED')),
          user_id          TEXT REFERENCES users(id) ON DELETE CASCADE,
          auth_time        INTEGER,
          expires_at       INTEGER NOT NULL,
          interval_s       INTEGER NOT NULL,
          last_poll        INTEGER
        );
      `);
    },
  },
  {
    version: 7,
    description: 'trusted origins',
    up(db) {
      db.exec(`
        CREATE TABLE trusted_origins (
          seq          INTEGER PRIMARY KEY AUTOINCREMENT,
          id           TEXT NOT NULL UNIQUE,
          name         TEXT NOT NULL UNIQUE,
          origin       TEXT NOT NULL UNIQUE,
          status       TEXT NOT NULL,
          created      TEXT NOT NULL,
          last_updated TEXT NOT NULL,
          data         TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 8,
    description: 'authorization codes carry the decision made at /authorize',
    up(db) {
      db.exec('ALTER TABLE auth_codes ADD COLUMN decision TEXT');
    },
  },
  {
    version: 9,
    description: 'saved simulator scenarios',
    up(db) {
      db.exec(`
        CREATE TABLE scenarios (
          seq          INTEGER PRIMARY KEY AUTOINCREMENT,
          id           TEXT NOT NULL UNIQUE,
          name         TEXT NOT NULL UNIQUE,
          created      TEXT NOT NULL,
          last_updated TEXT NOT NULL,
          data         TEXT NOT NULL
        );
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

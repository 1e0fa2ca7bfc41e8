import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, schemaVersion, StoreOpenError } from '../../src-server/store/db.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src-server/store/migrations.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('opening a workspace', () => {
  test('a new file is created readable by its owner only, in WAL mode with foreign keys on', () => {
    const file = join(tempDir(), 'nested', 'ws.db');
    const db = openDatabase(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  test('a database made by the first schema version is migrated, keeping its data', () => {
    const file = join(tempDir(), 'old.db');
    const v1 = openDatabase(file, { targetVersion: 1 });
    expect(schemaVersion(v1)).toBe(1);
    v1.prepare(`INSERT INTO users (id, login, login_key, status, created, last_updated, profile) VALUES ('00u1', 'a@b.co', 'a@b.co', 'ACTIVE', 'x', 'x', '{}')`).run();
    expect(() => v1.prepare('SELECT * FROM session_tokens').all()).toThrow(/no such table/);
    v1.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT id, failed_logins FROM users').all()).toEqual([{ id: '00u1', failed_logins: 0 }]);
    expect(db.prepare('SELECT * FROM session_tokens').all()).toEqual([]);
    db.close();
  });

  test('migrations are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  test('a database from a newer Gatehouse is refused, naming the file, without a byte changed', () => {
    const file = join(tempDir(), 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(file);
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as StoreOpenError).reason).toBe('newer-version');
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/newer Gatehouse/);
    expect((err as Error).message).not.toContain('\n');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('a file that is not SQLite is refused without being touched', () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'these are my notes, not a database\n');
    expect(() => openDatabase(file)).toThrow(StoreOpenError);
    expect(() => openDatabase(file)).toThrow(`${file} is not a Gatehouse workspace (not an SQLite database)`);
    expect(readFileSync(file, 'utf8')).toBe('these are my notes, not a database\n');
  });

  test('a path that cannot be created gets a one-line error naming it', () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    const file = join(blocker, 'ws.db');
    expect(() => openDatabase(file)).toThrow(StoreOpenError);
    try {
      openDatabase(file);
    } catch (e) {
      expect((e as StoreOpenError).reason).toBe('not-writable');
      expect((e as Error).message).toContain(file);
    }
  });

  test('a directory given as the database is refused', () => {
    const d = tempDir();
    expect(() => openDatabase(d)).toThrow(`cannot open ${d}`);
  });
});

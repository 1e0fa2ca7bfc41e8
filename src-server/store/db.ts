import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync, chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

/** A workspace file that cannot be used. `message` is one line naming the file. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  constructor(
    readonly file: string,
    readonly reason: 'not-sqlite' | 'newer-version' | 'cannot-open' | 'not-writable',
    message: string,
  ) {
    super(message);
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function looksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    // An empty file is what `touch` or a half-finished create leaves; SQLite treats it as new.
    return n === 0 || buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

export interface OpenOptions {
  /** Path of the Electron-ABI better-sqlite3 binary when running under Electron. */
  nativeBinding?: string;
  /** Apply migrations up to this version only (tests of old schema versions). */
  targetVersion?: number;
}

/**
 * Opens (creating if needed) one workspace database. Refuses, without writing a byte, a file that is
 * not SQLite or was written by a newer Gatehouse; creates new files readable by their owner only.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const isNew = file === ':memory:' || !existsSync(file);
  if (!isNew) {
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) throw new Error('is a directory');
      if (!looksLikeSqlite(file)) {
        throw new StoreOpenError(file, 'not-sqlite', `${file} is not a Gatehouse workspace (not an SQLite database)`);
      }
    } catch (e) {
      if (e instanceof StoreOpenError) throw e;
      throw new StoreOpenError(file, 'cannot-open', `cannot open ${file}: ${describe(e)}`);
    }
  } else if (file !== ':memory:') {
    try {
      ensureDirectory(dirname(file));
    } catch (e) {
      throw new StoreOpenError(file, 'not-writable', `cannot create ${file}: ${describe(e)}`);
    }
  }

  let db: Db;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding, fileMustExist: false });
  } catch (e) {
    throw new StoreOpenError(file, isNew ? 'not-writable' : 'cannot-open', `cannot open ${file}: ${describe(e)}`);
  }
  try {
    if (file !== ':memory:' && (isNew || statSync(file).size === 0)) chmodSync(file, 0o600);
    // Read the version before any pragma that writes (journal_mode=WAL writes the header).
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StoreOpenError(
        file,
        'newer-version',
        `${file} was written by a newer Gatehouse (schema ${version}, this version understands up to ${LATEST_SCHEMA_VERSION}); upgrade Gatehouse to open it`,
      );
    }
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.targetVersion ?? LATEST_SCHEMA_VERSION);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof StoreOpenError) throw e;
    const reason = /readonly|read-only|permission/i.test(describe(e)) ? 'not-writable' : 'cannot-open';
    throw new StoreOpenError(file, reason, `cannot open ${file}: ${describe(e)}`);
  }
}

/**
 * Creates the missing folders one level at a time. Node 20's `mkdirSync(..., {recursive: true})`
 * never returns for some paths (under /proc), so the walk is done here.
 */
function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!statSync(current).isDirectory()) throw new Error(`${current} is not a folder`);
  for (const d of missing) mkdirSync(d, { mode: 0o700 });
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies each pending migration in its own transaction, recording the version with it. */
export function migrate(db: Db, target = LATEST_SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

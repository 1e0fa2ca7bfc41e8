import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../store/db.js';
import { createStore, type Store } from '../store/index.js';
import { initOrg } from '../org.js';
import { StoreOpenError } from '../store/db.js';
import { WorkspaceError, formatProblems } from '../workspace/problems.js';
import { formatPlan, type Plan } from '../workspace/apply.js';
import { CommandError, defaultDbPath, out } from './common.js';

export interface OpenedStore {
  store: Store;
  close(): void;
}

/**
 * Opens a workspace for a command. `create`: a missing file becomes a fresh org (as `serve --seed
 * none` makes it); `scratch`: a missing file is read as a fresh org in memory, and nothing is written.
 */
export async function openWorkspace(db: string | undefined, missing: 'create' | 'scratch' | 'refuse'): Promise<OpenedStore> {
  const file = resolve(db ?? defaultDbPath());
  const exists = existsSync(file);
  if (!exists && missing === 'refuse') throw new CommandError(`there is no workspace at ${file} (give one with --db)`);
  try {
    const sqlite = openDatabase(exists || missing === 'create' ? file : ':memory:');
    const store = createStore(sqlite);
    await initOrg(store, new Date().toISOString(), 'none');
    return { store, close: () => sqlite.close() };
  } catch (e) {
    if (e instanceof StoreOpenError) throw new CommandError(e.message);
    throw e;
  }
}

/** A document's problems as a command error: one line, then each problem with its path. */
export function documentError(file: string, e: unknown, what = 'nothing was changed'): never {
  if (e instanceof WorkspaceError) {
    const n = e.problems.length;
    throw new CommandError(`${file}: ${n} problem${n === 1 ? '' : 's'}; ${what}`, formatProblems(e.problems));
  }
  throw e;
}

export function printPlan(plan: Plan): void {
  for (const line of formatPlan(plan)) out(line);
}

export function planSummary(plan: Plan): string {
  const count = (a: string) => plan.changes.filter((c) => c.action === a).length;
  return `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete`;
}

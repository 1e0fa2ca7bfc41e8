import { readFileSync } from 'node:fs';
import type { Store } from '../store/index.js';
import { isWorkspaceDoc, parseText, parseWorkspaceDocLenient, type WorkspaceDoc } from './document.js';
import { applyDocument, planDocument, type Plan } from './apply.js';
import type { ApplyMode } from './resolve.js';
import { WorkspaceError } from './problems.js';
import { oktaBundleToDoc } from './okta.js';

/**
 * Reads a configuration file: a workspace document (JSON or YAML), or Okta's own JSON (an export
 * bundle, or objects as the Management API returns them), which is turned into a workspace document.
 */
export interface LoadedDocument {
  doc: WorkspaceDoc;
  /** An Okta bundle describes some servers and what they name, not the whole workspace. */
  source: 'workspace' | 'okta';
}

/** How a document is applied: a workspace document is the whole truth of its sections; an Okta bundle adds and updates. */
export function modeFor(loaded: LoadedDocument, requested: ApplyMode = 'sync'): ApplyMode {
  return loaded.source === 'okta' ? 'merge' : requested;
}

export function readDocumentFile(file: string): LoadedDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WorkspaceError([{ path: '', message: code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file}: ${(e as Error).message}` }], 'cannot read the document');
  }
  return documentFromText(text, /\.ya?ml$/i.test(file) ? 'yaml' : /\.json$/i.test(file) ? 'json' : undefined);
}

export function documentFromText(text: string, hint?: 'json' | 'yaml'): LoadedDocument {
  const value = parseText(text, hint);
  return isWorkspaceDoc(value) ? { doc: parseWorkspaceDocLenient(value), source: 'workspace' } : { doc: oktaBundleToDoc(value), source: 'okta' };
}

/**
 * Brings a store to the state a config file describes (`serve --config`, `apply`, `gatehouse test
 * --config`): sections the file describes are made exactly so (objects it leaves out are deleted),
 * other sections are left alone. Validates everything first; writes in one transaction or not at all.
 * Throws WorkspaceError with every problem.
 */
export async function applyConfigFile(store: Store, file: string, env: NodeJS.ProcessEnv = process.env, mode: ApplyMode = 'sync'): Promise<Plan> {
  const loaded = readDocumentFile(file);
  return applyDocument(store, loaded.doc, { mode: modeFor(loaded, mode), env });
}

/** What `applyConfigFile` would change, without writing. */
export async function planConfigFile(store: Store, file: string, env: NodeJS.ProcessEnv = process.env, mode: ApplyMode = 'sync'): Promise<Plan> {
  const loaded = readDocumentFile(file);
  return planDocument(store, loaded.doc, modeFor(loaded, mode), env);
}

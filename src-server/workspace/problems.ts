import type { z } from 'zod';
import { ApiError } from '../errors.js';
import { zodIssues } from '../admin/validation.js';

/** One thing wrong with a document, at its place in it (`apps[2].settings.oauthClient.redirect_uris`). */
export interface Problem {
  path: string;
  message: string;
}

/** A document that cannot be applied; `problems` lists every one found, not only the first. */
export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
  constructor(readonly problems: Problem[], summary = 'the document has problems') {
    super(`${summary}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
}

/** `a.b` + `c` -> `a.b.c`; numeric segments become `[n]`. */
export function joinPath(base: string, field: string | number): string {
  if (typeof field === 'number' || /^\d+$/.test(field)) return `${base}[${field}]`;
  if (field === '') return base;
  return base ? `${base}.${field}` : field;
}

export function pathOf(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((p, s) => joinPath(p, typeof s === 'number' ? s : String(s)), '');
}

/** zod's issues as problems, each path made from its segments (array indexes as `[n]`). */
export function zodProblems(error: z.ZodError, base = ''): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const at = pathOf([...(base ? [base] : []), ...issue.path]);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: joinPath(at, key), message: `unknown field '${key}'` });
      continue;
    }
    // Reuse the admin API's wording for the message (one issue at a time keeps the path exact).
    const [first] = zodIssues({ issues: [{ ...issue, path: [] }] } as unknown as z.ZodError);
    out.push({ path: at, message: first?.message ?? issue.message });
  }
  return out;
}

/**
 * Runs one of the admin API's parsers on a body made from a document item, and turns its
 * `E0000001` causes (`field: message`) into problems under `base`.
 */
export function collect<T>(problems: Problem[], base: string, parse: () => T, fieldMap: (field: string) => string = (f) => f): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.causes.length === 0) problems.push({ path: base, message: e.errorSummary });
    for (const c of e.causes) {
      const m = /^([A-Za-z0-9_.[\]]+): (.*)$/s.exec(c);
      if (m) problems.push({ path: joinPath(base, fieldMap(m[1]!)), message: m[2]! });
      else problems.push({ path: base, message: c });
    }
    return undefined;
  }
}

export function formatProblems(problems: Problem[]): string[] {
  return problems.map((p) => `${p.path || '(document)'}: ${p.message}`);
}

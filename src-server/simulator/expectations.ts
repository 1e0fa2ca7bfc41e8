import { isDeepStrictEqual } from 'node:util';
import type { Expectation } from './definition.js';
import type { StepRun } from './types.js';

export interface Mismatch {
  /** What was checked, in words ("error", "scopes", "access_token claim groups"). */
  what: string;
  expected: unknown;
  actual: unknown;
}

export interface ExpectationResult {
  step: string;
  passed: boolean;
  mismatches: Mismatch[];
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

/** Checks what a scenario expects of each step against what the steps did. */
export function checkExpectations(runs: StepRun[], expectations: Expectation[]): ExpectationResult[] {
  return expectations.map((x) => {
    const run = runs.find((r) => r.step.id === x.step);
    if (!run) return { step: x.step, passed: false, mismatches: [{ what: 'step', expected: x.step, actual: `no step '${x.step}' in this simulation (steps: ${runs.map((r) => r.step.id).join(', ')})` }] };
    const r = run.result;
    const m: Mismatch[] = [];
    if (x.outcome && (x.outcome === 'success') !== r.ok) m.push({ what: 'outcome', expected: x.outcome, actual: r.ok ? 'success' : `error${r.error ? ` (${r.error})` : ''}` });
    if (x.error !== undefined && x.error !== r.error) m.push({ what: 'error', expected: x.error, actual: r.error ?? null });
    if (x.status !== undefined && x.status !== r.status) m.push({ what: 'HTTP status', expected: x.status, actual: r.status });
    if (x.active !== undefined && x.active !== r.active) m.push({ what: 'token active', expected: x.active, actual: r.active ?? null });
    if (x.scopes) {
      const scp = r.tokens?.access_token?.claims?.scp;
      const actual = r.scopes ?? (Array.isArray(scp) ? (scp as string[]) : undefined);
      if (!actual || !sameSet(x.scopes, actual)) m.push({ what: 'granted scopes', expected: x.scopes, actual: actual ?? null });
    }
    for (const c of x.claims ?? []) {
      const source = c.token === 'access_token' ? r.tokens?.access_token?.claims : c.token === 'id_token' ? r.tokens?.id_token?.claims : r.claims;
      const actual = source?.[c.claim];
      if (!isDeepStrictEqual(actual, c.equals)) m.push({ what: `${c.token.replace('_', ' ')} claim ${c.claim}`, expected: c.equals, actual: actual === undefined ? '(absent)' : actual });
    }
    return { step: x.step, passed: m.length === 0, mismatches: m };
  });
}

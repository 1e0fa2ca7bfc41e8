import { USERLESS_GRANTS } from '../preview/grants';
import { NO_RULE, REFUSED_FOR_GRANT, type MatrixResult } from './types';

/*
 * The matrix as the grid shows it: one cell per client × column (a group, a user, or the client
 * itself for grants without a user), classified against the scopes in view.
 */

export type CellStatus = 'all' | 'some' | 'none' | 'blocked';

export interface CellView {
  clientId: string;
  clientLabel: string;
  /** Index into `subjects`, or -1 when the grant has no user. */
  subject: number;
  subjectName: string;
  status: CellStatus;
  /** Why the request is turned away before any policy (not assigned, grant not enabled...). */
  denied?: string;
  /** Every scope granted, with the index of the rule that grants it. */
  granted: { scope: string; rule: number }[];
  /** Scopes no rule grants. */
  missing: string[];
  /** Scopes refused for the grant itself, with why. */
  refused: { scope: string; why: string }[];
  /** The rules that grant the scopes in view, first-used first. */
  rules: number[];
  /** Scopes in view granted / scopes in view. */
  grantedInView: number;
  inView: number;
}

export interface Column {
  /** -1: the client acting for itself. */
  subject: number;
  id: string;
  name: string;
  /** A second line: a user's login under their name. */
  sub?: string;
  type: 'group' | 'user' | 'client';
}

export interface Grid {
  columns: Column[];
  rows: { clientId: string; label: string; cells: CellView[] }[];
}

export function buildGrid(m: MatrixResult, grantType: string, inView: (scope: string) => boolean): Grid {
  const rows = m.rows.filter((r) => r.grantType === grantType);
  const userless = USERLESS_GRANTS.has(grantType);
  const columns: Column[] = userless
    ? [{ subject: -1, id: 'client', name: 'The client itself (no user)', type: 'client' }]
    : m.subjects.map((s, i) => ({ subject: i, id: s.id, name: s.name, type: s.type }));
  const byKey = new Map(rows.map((r) => [`${r.clientId}\u0000${r.subject}`, r]));
  const refusals = m.refusals[grantType] ?? {};
  const viewScopes = m.scopes.filter(inView);

  return {
    columns,
    rows: m.clients.map((c) => ({
      clientId: c.clientId,
      label: c.label,
      cells: columns.map((col): CellView => {
        const r = byKey.get(`${c.clientId}\u0000${col.subject}`);
        const base = { clientId: c.clientId, clientLabel: c.label, subject: col.subject, subjectName: col.name, inView: viewScopes.length };
        if (!r) return { ...base, status: 'blocked', denied: 'Not evaluated.', granted: [], missing: [], refused: [], rules: [], grantedInView: 0 };
        if (r.denied) return { ...base, status: 'blocked', denied: r.denied, granted: [], missing: [], refused: [], rules: [], grantedInView: 0 };
        const granted: CellView['granted'] = [];
        const missing: string[] = [];
        const refused: CellView['refused'] = [];
        r.cells.forEach((v, i) => {
          const scope = m.scopes[i];
          if (v >= 0) granted.push({ scope, rule: v });
          else if (v === REFUSED_FOR_GRANT) refused.push({ scope, why: refusals[scope] ?? 'Refused for this grant type.' });
          else if (v === NO_RULE) missing.push(scope);
        });
        const shown = granted.filter((g) => inView(g.scope));
        const rules = [...new Set(shown.map((g) => g.rule))];
        const status: CellStatus = shown.length === 0 ? 'none' : shown.length === viewScopes.length ? 'all' : 'some';
        return { ...base, status, granted, missing, refused, rules, grantedInView: shown.length };
      }),
    })),
  };
}

/** A short name for why a cell is turned away, for the cell itself; the whole reason goes in its title. */
export function blockedLabel(denied: string): string {
  if (/not assigned/i.test(denied)) return 'Not assigned';
  if (/is not allowed the/i.test(denied)) return 'Grant not enabled';
  if (/authorization server is inactive/i.test(denied)) return 'Server inactive';
  if (/is inactive/i.test(denied)) return 'App inactive';
  if (/ is [A-Z_]+\.$/.test(denied)) return `User ${denied.match(/ is ([A-Z_]+)\.$/)![1].toLowerCase().replace(/_/g, ' ')}`;
  return 'Turned away';
}

/** The cells that grant `scope`, for "who can get it?". */
export function cellsGranting(grid: Grid, scope: string): CellView[] {
  return grid.rows.flatMap((r) => r.cells.filter((c) => c.granted.some((g) => g.scope === scope)));
}

/** The grid without the clients and columns where every cell is turned away before the policies. */
export function compactGrid(grid: Grid): Grid {
  const keepCol = grid.columns.map((_, i) => grid.rows.some((r) => r.cells[i].status !== 'blocked'));
  const rows = grid.rows
    .map((r) => ({ ...r, cells: r.cells.filter((_, i) => keepCol[i]) }))
    .filter((r) => r.cells.some((c) => c.status !== 'blocked'));
  return { columns: grid.columns.filter((_, i) => keepCol[i]), rows };
}

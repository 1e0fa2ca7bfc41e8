import type { KeyboardEvent } from 'react';
import { href } from '../../../router';
import { blockedLabel, type CellView, type Grid } from './model';
import type { MatrixResult } from './types';

/** Scopes named in a cell before "+N more" (the cell's title and dialog have them all). */
const CHIPS = 6;

const STATUS_ICON: Record<CellView['status'], string> = { all: '✓', some: '◐', none: '✗', blocked: '⊘' };

export function ruleHref(asId: string, m: MatrixResult, rule: number): string {
  const r = m.rules[rule];
  return href('authorization-servers', asId, 'policies', r.policyId, r.ruleId);
}

/** The cell's scopes grouped by the rule that grants them, in rule order. */
export function byRule(cell: CellView): { rule: number; scopes: string[] }[] {
  const out = new Map<number, string[]>();
  for (const g of cell.granted) out.set(g.rule, [...(out.get(g.rule) ?? []), g.scope]);
  return [...out.entries()].map(([rule, scopes]) => ({ rule, scopes }));
}

/** What a cell means, in words: its accessible name and its tooltip. */
export function cellWords(cell: CellView, m: MatrixResult): { name: string; title: string } {
  const who = `${cell.clientLabel} × ${cell.subjectName}`;
  if (cell.denied) return { name: `${who}: turned away. ${cell.denied}`, title: `${who}\nTurned away before the policies: ${cell.denied}` };
  const lines = [who];
  for (const { rule, scopes } of byRule(cell)) {
    const r = m.rules[rule];
    lines.push(`Granted ${scopes.join(', ')}\n   through the rule "${r.ruleName}" (policy "${r.policyName}")`);
  }
  if (cell.missing.length) lines.push(`Not granted: ${cell.missing.join(', ')}: no rule allows them`);
  for (const r of cell.refused) lines.push(`Not granted: ${r.scope}: ${r.why}`);
  if (!cell.granted.length) lines.splice(1, 0, 'No rule grants any scope: the token endpoint answers access_denied.');
  const counts = cell.granted.length ? `${cell.grantedInView} of ${cell.inView} scopes in view` : 'no scope';
  return { name: `${who}: ${counts}${cell.granted.length ? `: ${cell.granted.map((g) => g.scope).join(', ')}` : ''}`, title: lines.join('\n') };
}

/** Arrow keys move between the cells' buttons, as in a spreadsheet. */
function moveByArrows(e: KeyboardEvent<HTMLTableElement>) {
  const target = e.target as HTMLElement;
  if (!target.classList.contains('mx-cell-main')) return;
  const td = target.closest('td');
  const tr = td?.parentElement as HTMLTableRowElement | null;
  if (!td || !tr) return;
  const col = (td as HTMLTableCellElement).cellIndex;
  let next: Element | null | undefined;
  if (e.key === 'ArrowRight') next = td.nextElementSibling;
  else if (e.key === 'ArrowLeft') next = td.previousElementSibling;
  else if (e.key === 'ArrowDown') next = (tr.nextElementSibling as HTMLTableRowElement | null)?.cells[col];
  else if (e.key === 'ArrowUp') next = (tr.previousElementSibling as HTMLTableRowElement | null)?.cells[col];
  else return;
  const button = next?.querySelector<HTMLButtonElement>('.mx-cell-main');
  if (button) {
    e.preventDefault();
    button.focus();
  }
}

/**
 * Clients (rows) × groups, users or the client itself (columns): each cell the scopes granted, or
 * why not, coloured by how much is granted; the rules that grant link to their place in the policies.
 */
export function MatrixGrid(props: {
  asId: string;
  matrix: MatrixResult;
  grid: Grid;
  highlight: string;
  inView(scope: string): boolean;
  onOpen(cell: CellView): void;
  rowLimit: number;
  colLimit: number;
  /** The app's id for a client id (they differ in Okta, not here). */
  appId(clientId: string): string;
}) {
  const { grid, matrix: m, highlight } = props;
  return (
    <div className="mx-scroll">
      <table
        onKeyDown={moveByArrows}
        className="mx-grid" aria-label="Access matrix" aria-describedby="mx-legend" style={{ width: `max(100%, ${170 + Math.min(grid.columns.length, props.colLimit) * 150}px)` }}>
        <thead>
          <tr>
            <th scope="col" className="mx-corner">
              <span className="muted">Client ↓ · {grid.columns[0]?.type === 'user' ? 'User' : grid.columns[0]?.type === 'client' ? 'Subject' : 'Group'} →</span>
            </th>
            {grid.columns.slice(0, props.colLimit).map((c) => (
              <th key={`${c.type}-${c.id}`} scope="col" className="mx-col">
                <span className="mx-col-name">{c.name}</span>
                {c.sub ? <span className="mx-col-sub">{c.sub}</span> : c.type !== 'client' && <span className="mx-col-type">{c.type === 'group' ? 'group' : 'user'}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.slice(0, props.rowLimit).map((row) => (
            <tr key={row.clientId}>
              <th scope="row" className="mx-row">
                <a href={href('applications', props.appId(row.clientId))} className="mx-row-name">{row.label}</a>
                <span className="mx-row-id">{row.clientId}</span>
              </th>
              {row.cells.slice(0, props.colLimit).map((cell) => {
                const hit = !!highlight && cell.granted.some((g) => g.scope === highlight);
                const shown = cell.granted.filter((g) => props.inView(g.scope));
                const hidden = cell.granted.length - shown.length;
                if (hit) shown.sort((a, b) => (a.scope === highlight ? -1 : b.scope === highlight ? 1 : 0));
                const rules = byRule(cell);
                const words = cellWords(cell, m);
                return (
                  <td
                    key={cell.subject}
                    className={`mx-cell mx-${cell.status}${hit ? ' mx-hit' : highlight ? ' mx-dim' : ''}`}
                    data-status={cell.status}
                    data-hit={highlight ? String(hit) : undefined}
                    data-client={cell.clientLabel}
                    data-subject={cell.subjectName}
                  >
                    <button type="button" className="mx-cell-main" aria-label={words.name} title={words.title} onClick={() => props.onOpen(cell)}>
                      <span className="mx-icon" aria-hidden="true">{STATUS_ICON[cell.status]}</span>
                      {cell.denied ? (
                        <span className="mx-blocked-label">{blockedLabel(cell.denied)}</span>
                      ) : cell.granted.length === 0 ? (
                        <span className="mx-none-label">No scope</span>
                      ) : (
                        <span className="mx-chips">
                          {shown.slice(0, CHIPS).map((g) => (
                            <span key={g.scope} className={`mx-chip${g.scope === highlight ? ' mx-chip-hit' : ''}`}>{g.scope}</span>
                          ))}
                          {shown.length > CHIPS && <span className="mx-chip mx-chip-more">+{shown.length - CHIPS} more</span>}
                          {hidden > 0 && <span className="mx-chip mx-chip-more">+{hidden} OIDC</span>}
                        </span>
                      )}
                    </button>
                    {rules.length > 0 && (
                      <div className="mx-via">
                        {rules.map(({ rule }) => (
                          <a key={rule} href={ruleHref(props.asId, m, rule)} title={`Open the rule "${m.rules[rule].ruleName}" of "${m.rules[rule].policyName}"`}>
                            {m.rules[rule].ruleName}
                          </a>
                        ))}
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

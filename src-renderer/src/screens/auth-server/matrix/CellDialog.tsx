import { useEffect, useRef } from 'react';
import { Button } from '../../../components/ui';
import { grantLabel } from '../preview/grants';
import { byRule, ruleHref } from './MatrixGrid';
import type { CellView } from './model';
import type { MatrixResult } from './types';

/** One cell in full: every scope, granted through which rule or why not; and a way to preview it. */
export function CellDialog(props: {
  asId: string;
  matrix: MatrixResult;
  cell: CellView;
  grantType: string;
  onClose(): void;
  /** Set when a token preview can play this cell (a named user, or a grant without one). */
  onPreview?: () => void;
  previewWhy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { cell, matrix: m } = props;
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const ruleOf = new Map(cell.granted.map((g) => [g.scope, g.rule]));
  const refusedOf = new Map(cell.refused.map((r) => [r.scope, r.why]));
  const title = `${cell.clientLabel} × ${cell.subjectName}`;
  return (
    <dialog ref={ref} className="mx-dialog" aria-labelledby="mx-dialog-title" onClose={props.onClose} onCancel={props.onClose}>
      <header className="mx-dialog-head">
        <div>
          <h2 id="mx-dialog-title">{title}</h2>
          <span className="muted">{grantLabel(props.grantType)} grant · each scope judged as a request for it alone</span>
        </div>
        <button type="button" className="btn btn-ghost" aria-label="Close" onClick={props.onClose}>✕</button>
      </header>
      {cell.denied ? (
        <div className="banner banner-error" role="note">
          <strong>Turned away before the policies</strong>
          <span>{cell.denied}</span>
        </div>
      ) : (
        <>
          {byRule(cell).length > 1 && (
            <p className="mx-note">
              These scopes come from different rules. One request gets all it asks for from the first rule that allows every scope, or nothing
              (no partial grants): asking for scopes of two rules at once is refused unless one rule allows them all.
            </p>
          )}
          <table className="list mx-dialog-table" aria-label={`Scopes for ${title}`}>
            <thead><tr><th>Scope</th><th>Outcome</th><th>Deciding rule / why not</th></tr></thead>
            <tbody>
              {m.scopes.map((s) => {
                const rule = ruleOf.get(s);
                const refused = refusedOf.get(s);
                return (
                  <tr key={s} className={rule !== undefined ? 'mx-row-good' : 'mx-row-bad'}>
                    <td><code>{s}</code></td>
                    <td>{rule !== undefined ? <span className="badge badge-good">granted</span> : <span className="badge badge-bad">not granted</span>}</td>
                    <td>
                      {rule !== undefined ? (
                        <a href={ruleHref(props.asId, m, rule)} onClick={props.onClose}>
                          {m.rules[rule].ruleName}
                          <span className="muted"> · {m.rules[rule].policyName}</span>
                        </a>
                      ) : refused ? (
                        refused
                      ) : (
                        <span className="muted">No rule of the policies that apply allows it.</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <footer className="form-actions">
        {props.onPreview ? (
          <Button kind="primary" onClick={props.onPreview}>Preview this token</Button>
        ) : (
          props.previewWhy && <span className="muted">{props.previewWhy}</span>
        )}
        <Button onClick={props.onClose}>Close</Button>
      </footer>
    </dialog>
  );
}

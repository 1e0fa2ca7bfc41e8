import type { PlanChange, PlanView } from './types';
import { Empty } from '../../components/ui';

const KIND_WORDS: Record<PlanChange['kind'], string> = {
  group: 'Group', user: 'User', app: 'Application', trustedOrigin: 'Trusted origin', authorizationServer: 'Authorization server',
  scope: 'Scope', claim: 'Claim', policy: 'Access policy', rule: 'Rule', scenario: 'Scenario',
};
const ACTION: Record<PlanChange['action'], { sign: string; word: string }> = {
  create: { sign: '+', word: 'Create' },
  update: { sign: '~', word: 'Update' },
  delete: { sign: '−', word: 'Delete' },
};

export function planCounts(plan: PlanView) {
  const n = (a: PlanChange['action']) => plan.changes.filter((c) => c.action === a).length;
  return { create: n('create'), update: n('update'), delete: n('delete') };
}

/** The plan in words: one row per object, what happens to it and which fields change. */
export function PlanTable(props: { plan: PlanView; label: string; nothing: string; title?: string }) {
  const { plan } = props;
  const counts = planCounts(plan);
  if (plan.changes.length === 0) {
    return (
      <div className="plan-none" role="status">
        <Empty title={props.nothing}>{plan.notes.join(' ')}</Empty>
      </div>
    );
  }
  const hasFields = plan.changes.some((c) => c.fields?.length);
  return (
    <div className="plan">
      {props.title && <h2 className="plan-title">{props.title}</h2>}
      <p className="plan-summary" role="status">
        <span className="plan-count plan-create">{counts.create} to create</span>
        <span className="plan-count plan-update">{counts.update} to update</span>
        <span className="plan-count plan-delete">{counts.delete} to delete</span>
      </p>
      <table className="list plan-table" aria-label={props.label}>
        <thead>
          <tr><th style={{ width: 112 }}>Change</th><th style={{ width: 150 }}>Kind</th><th>Object</th>{hasFields && <th style={{ width: '30%' }}>Fields</th>}</tr>
        </thead>
        <tbody>
          {plan.changes.map((c, i) => (
            <tr key={`${c.kind}:${c.name}:${i}`} className={`plan-row plan-row-${c.action}`}>
              <td><span className="plan-sign" aria-hidden="true">{ACTION[c.action].sign}</span> {ACTION[c.action].word}</td>
              <td className="muted">{KIND_WORDS[c.kind]}</td>
              <td><PlanName name={c.name} /></td>
              {hasFields && <td>{c.fields?.length ? <span className="chips">{c.fields.map((f) => <code key={f} className="chip">{f}</code>)}</span> : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {plan.notes.length > 0 && <ul className="plan-notes">{plan.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
    </div>
  );
}

/** `Orders API / Orders apps / Staff` shows its parents quietly and the object itself in bold. */
function PlanName(props: { name: string }) {
  const parts = props.name.split(' / ');
  const last = parts.pop()!;
  return (
    <span>
      {parts.map((p) => <span key={p} className="muted">{p} / </span>)}
      <strong>{last}</strong>
    </span>
  );
}

/** A document's problems, each at its path, as the server listed them (`path: message`). */
export function ProblemList(props: { causes: string[]; title: string }) {
  return (
    <div className="banner banner-error problems" role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.causes.map((c, i) => {
          const m = /^([^\s:]+(?:\[\d+\])?[^\s:]*): (.*)$/s.exec(c);
          return <li key={i}>{m ? <><code>{m[1]}</code> {m[2]}</> : c}</li>;
        })}
      </ul>
    </div>
  );
}

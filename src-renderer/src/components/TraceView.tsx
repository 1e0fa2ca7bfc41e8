import type { DecisionTrace } from '../api/types';

/** A decision in words: the checks, then each policy and rule in order, and why. */
export function TraceView(props: { trace: DecisionTrace }) {
  const t = props.trace;
  return (
    <div className="trace-view">
      <h3 className="trace-title">Checks</h3>
      <ol className="trace">
        {t.checks.map((c) => (
          <li key={c.check} className={c.ok ? 'ok' : 'fail'}>{c.ok ? '✓' : '✗'} {c.detail}</li>
        ))}
      </ol>
      {t.policies.length > 0 && <h3 className="trace-title">Policies, in priority order</h3>}
      <ol className="trace">
        {t.policies.map((p) => (
          <li key={p.policyId} className={p.outcome === 'matched' ? 'matched' : p.outcome === 'denied' ? 'denied' : 'skipped'}>
            <strong>{p.priority}. {p.name}</strong> — {p.reason}
            {p.rules.length > 0 && (
              <ol className="trace rules">
                {p.rules.map((r) => (
                  <li key={r.ruleId} className={r.outcome === 'matched' ? 'matched' : 'skipped'}>
                    {r.priority}. {r.name} — {r.reason}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { href } from '../../../router';
import type { PolicyEntry } from './data';
import { useNames } from './directory';
import { buildDiagram, nodeId, type Diagram, type DiagramEdge, type DiagramNode } from './diagram-model';
import { KindIcon } from './Picker';
import type { PreviewAnswer, TraceRequest } from './types';
import { ALL_CLIENTS, ANY_SCOPE, EVERYONE } from './types';
import { duration, grantShort, PREVIEW_GRANTS } from './words';

const POLICY_OUTCOME: Record<string, string> = {
  matched: 'Applies: a rule matched',
  inactive: 'Passed over: inactive',
  no_active_rules: 'Passed over: no active rules',
  client: 'Passed over: not for this client',
  no_rule_matched: 'No rule matched',
  not_evaluated: 'Not reached',
};
const RULE_OUTCOME: Record<string, string> = {
  matched: 'Matched: decides the token',
  inactive: 'Passed over: inactive',
  grant_type: 'Passed over: grant type',
  people: 'Passed over: user',
  scopes: 'Passed over: scopes',
  not_evaluated: 'Not reached',
};
const CHECK_WORDS: Record<string, string> = {
  server: 'server active', client: 'client active', grant_type: 'grant allowed', response_type: 'response type allowed',
  scopes: 'scopes exist', user: 'user active', assignment: 'user assigned the app', consent: 'consent',
};
const STATE_WORD: Record<string, string> = { idle: '', passed: 'passed over', matched: 'matched', unreached: 'not reached', granted: 'granted', denied: 'denied' };

/**
 * The evaluation order as a flow chart: policies top to bottom, each one's rules left to right,
 * first match wins. Given a traced request, the path it took is lit, each node it passed over says
 * why, and the result sits where the path ends.
 */
export function EvaluationDiagram(props: { asId: string; entries: PolicyEntry[]; answer?: PreviewAnswer; request?: TraceRequest }) {
  const d = buildDiagram(props.entries, props.answer);
  const container = useRef<HTMLDivElement>(null);
  const ruleCols = d.columns - 1;
  return (
    <div className="pl-flow-scroll" role="region" aria-label="Evaluation order diagram" tabIndex={0}>
      <div
        ref={container}
        className={`pl-flow${props.answer ? ' pl-has-path' : ''}`}
        style={{ gridTemplateColumns: `var(--flow-policy-w) repeat(${ruleCols}, var(--flow-rule-w))`, gridTemplateRows: `repeat(${d.rows}, auto)` }}
      >
        <Edges container={container} diagram={d} />
        {d.nodes.map((n) => (
          <Node key={n.id} node={n} asId={props.asId} answer={props.answer} request={props.request} />
        ))}
        {props.entries.length === 0 && (
          <div className="pl-flow-note" style={{ gridRow: 3, gridColumn: '1 / -1' }}>No policies: every request ends in access_denied.</div>
        )}
      </div>
    </div>
  );
}

function Node(props: { node: DiagramNode; asId: string; answer?: PreviewAnswer; request?: TraceRequest }) {
  const n = props.node;
  const names = useNames();
  const style = { gridRow: n.row, gridColumn: n.col };
  const cls = `pl-node pl-node-${n.kind} pl-st-${n.state}`;
  const common = { 'data-node': n.id, style, className: cls, role: 'group' as const };

  if (n.kind === 'start') {
    const r = props.request;
    return (
      <div {...common} aria-label="The request">
        <div className="pl-node-kicker">Token request</div>
        {props.answer && r ? (
          <ul className="pl-req">
            <li><KindIcon kind="app" /> {names.client(r.clientId)}</li>
            <li><span className="pl-req-k">grant</span> {PREVIEW_GRANTS.find((g) => g.id === r.grantType)?.label ?? r.grantType}</li>
            {r.userId && <li><KindIcon kind="user" /> {names.userLogin(r.userId) ?? names.user(r.userId)}</li>}
            <li><span className="pl-req-k">scopes</span> {r.scopes.length ? r.scopes.join(' ') : <em>the defaults</em>}</li>
          </ul>
        ) : (
          <p className="pl-node-text">Any request for a token: a client, a grant type, a user (unless client credentials) and scopes.</p>
        )}
      </div>
    );
  }

  if (n.kind === 'checks') {
    const checks = props.answer?.trace.checks ?? [];
    const failed = checks.find((c) => !c.ok);
    const passed = checks.filter((c) => c.ok);
    return (
      <div {...common} aria-label={`Checks before the policies${n.state === 'denied' ? ': failed' : ''}`}>
        <div className="pl-node-kicker">Checks before the policies</div>
        {checks.length ? (
          <>
            {failed && <p className="pl-check-failed"><span aria-hidden="true">✗</span> {failed.detail}</p>}
            <ul className="pl-check-chips" aria-label={failed ? 'Checks passed before it' : 'All checks passed'}>
              {passed.map((c) => <li key={c.check} title={c.detail}><span aria-hidden="true">✓</span> {CHECK_WORDS[c.check] ?? c.check}</li>)}
            </ul>
            <details className="pl-check-details">
              <summary>{failed ? `What passed before it (${passed.length})` : `All ${passed.length} checks passed: details`}</summary>
              <ul className="pl-check-list">
                {passed.map((c) => <li key={c.check} className="ok"><span aria-hidden="true">✓</span> {c.detail}</li>)}
              </ul>
            </details>
          </>
        ) : (
          <p className="pl-node-text">The server is active, the client may use the grant, the scopes exist, the user is active and assigned the app.</p>
        )}
      </div>
    );
  }

  if (n.kind === 'result') {
    const a = props.answer;
    if (!a) {
      return (
        <div {...common} aria-label="If no rule matches">
          <div className="pl-node-kicker">If no rule matches</div>
          <p className="pl-node-text"><code>access_denied</code>: the request is refused (no_matching_policy).</p>
        </div>
      );
    }
    const dec = a.decision;
    return (
      <div {...common} aria-label={`Result: ${a.result}`}>
        <div className="pl-node-kicker">{a.result === 'granted' ? '✓ Token granted' : '✗ Request refused'}</div>
        {a.result === 'granted' && dec ? (
          <>
            <div className="chips">{dec.scopes.map((s) => <code key={s} className="pl-scope">{s}</code>)}</div>
            <p className="pl-node-text">
              Access token {duration(dec.lifetimes.accessTokenMinutes)}
              {dec.refreshToken ? `; refresh token ${duration(dec.lifetimes.refreshTokenMinutes)}` : '; no refresh token'}
              {dec.consentScopes.length > 0 && `; asks consent for ${dec.consentScopes.join(', ')}`}
            </p>
          </>
        ) : (
          <>
            <p className="pl-node-text"><code>{a.error?.error}</code>{a.error?.reason && <> ({a.error.reason})</>}</p>
            <p className="pl-node-text muted">{a.error?.error_description}</p>
          </>
        )}
      </div>
    );
  }

  const answered = !!props.answer;
  if (n.kind === 'policy') {
    const p = n.policy!;
    const clients = p.conditions.clients.include;
    const clientWords = clients.includes(ALL_CLIENTS) ? 'All clients' : clients.slice(0, 2).map(names.client).join(', ') + (clients.length > 2 ? ` +${clients.length - 2}` : '');
    return (
      <div {...common} aria-label={`Policy ${n.priority}: ${p.name}${answered ? `, ${STATE_WORD[n.state]}` : ''}`} aria-current={n.state === 'matched' ? 'step' : undefined}>
        <div className="pl-node-head">
          <span className="pl-node-prio">{n.priority}</span>
          <a className="pl-node-title" href={href('authorization-servers', props.asId, 'policies', p.id)}>{p.name}</a>
        </div>
        <div className="pl-node-meta"><KindIcon kind="app" /> {clientWords}{p.status !== 'ACTIVE' && <span className="pl-node-flag">inactive</span>}</div>
        {answered && <Outcome state={n.state} label={POLICY_OUTCOME[n.outcome ?? ''] ?? n.outcome} reason={n.reason} />}
      </div>
    );
  }

  const r = n.rule!;
  const c = r.conditions;
  const people = c.grantTypes.include.every((g) => g === 'client_credentials')
    ? 'no user'
    : c.people.groups.include.includes(EVERYONE)
      ? 'any assigned user'
      : [...c.people.groups.include.map(names.group), ...c.people.users.include.map(names.user)].join(', ') || 'nobody';
  return (
    <div {...common} aria-label={`Rule ${n.priority}: ${r.name}${answered ? `, ${STATE_WORD[n.state]}` : ''}`} aria-current={n.state === 'matched' ? 'step' : undefined}>
      <div className="pl-node-head">
        <span className="pl-node-prio pl-node-prio-rule">{n.priority}</span>
        <a className="pl-node-title" href={href('authorization-servers', props.asId, 'policies', n.policyId ?? '', r.id)}>{r.name}</a>
      </div>
      <div className="pl-node-meta">
        {c.grantTypes.include.map(grantShort).join(', ')} · {people} · {c.scopes.include.includes(ANY_SCOPE) ? 'any scopes' : c.scopes.include.join(' ')}
        {r.status !== 'ACTIVE' && <span className="pl-node-flag">inactive</span>}
      </div>
      {answered && <Outcome state={n.state} label={RULE_OUTCOME[n.outcome ?? ''] ?? n.outcome} reason={n.reason} />}
    </div>
  );
}

function Outcome(props: { state: string; label?: string; reason?: string }) {
  if (props.state === 'unreached') {
    return <div className="pl-node-outcome pl-oc-unreached"><p className="pl-oc-reason">– {props.reason}</p></div>;
  }
  return (
    <div className={`pl-node-outcome pl-oc-${props.state}`}>
      <div className="pl-oc-label"><span aria-hidden="true">{props.state === 'matched' ? '✓' : '✗'}</span> {props.label}</div>
      {props.reason && props.state !== 'matched' && <p className="pl-oc-reason">{props.reason}</p>}
    </div>
  );
}

/** The edges, measured from where the nodes actually are (so text wrapping never breaks the chart). */
function Edges(props: { container: RefObject<HTMLDivElement | null>; diagram: Diagram }) {
  const [geo, setGeo] = useState<{ w: number; h: number; paths: { d: string; edge: DiagramEdge }[] }>({ w: 0, h: 0, paths: [] });
  const { diagram } = props;
  useLayoutEffect(() => {
    const c = props.container.current;
    if (!c) return;
    const compute = () => {
      const base = c.getBoundingClientRect();
      const rects = new Map<string, DOMRect>();
      c.querySelectorAll<HTMLElement>('[data-node]').forEach((el) => {
        const r = el.getBoundingClientRect();
        rects.set(el.dataset.node!, new DOMRect(r.left - base.left, r.top - base.top, r.width, r.height));
      });
      const gap = parseFloat(getComputedStyle(c).rowGap) || 40;
      const paths: { d: string; edge: DiagramEdge }[] = [];
      for (const e of diagram.edges) {
        const a = rects.get(e.from);
        const b = rects.get(e.to);
        if (!a || !b) continue;
        paths.push({ d: route(a, b, gap), edge: e });
      }
      setGeo({ w: c.scrollWidth, h: c.scrollHeight, paths });
    };
    compute();
    const ro = new ResizeObserver(compute);
    ro.observe(c);
    c.querySelectorAll('[data-node]').forEach((el) => ro.observe(el));
    return () => ro.disconnect();
  }, [diagram, props.container]);
  const ordered = [...geo.paths.filter((p) => !p.edge.lit), ...geo.paths.filter((p) => p.edge.lit)];
  return (
    <svg className="pl-flow-edges" width={geo.w} height={geo.h} aria-hidden="true">
      <defs>
        {(['dim', 'lit', 'granted', 'denied'] as const).map((k) => (
          <marker key={k} id={`pl-arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
            <path d="M0 1 L9 5 L0 9 z" className={`pl-arrow-${k}`} />
          </marker>
        ))}
      </defs>
      {ordered.map(({ d, edge }) => {
        const kind = edge.end ?? (edge.lit ? 'lit' : 'dim');
        return <path key={`${edge.from}>${edge.to}`} d={d} className={`pl-edge pl-edge-${kind}`} markerEnd={`url(#pl-arrow-${kind})`} />;
      })}
    </svg>
  );
}

/** An orthogonal route from a to b: across when they share a row, else down with one rounded bend. */
function route(a: DOMRect, b: DOMRect, gap: number): string {
  if (Math.abs(a.top - b.top) < 2) {
    const y = a.top + 18;
    return `M ${a.right} ${y} H ${b.left - 2}`;
  }
  const x1 = a.left + Math.min(a.width / 2, 28);
  const x2 = b.left + Math.min(b.width / 2, 28);
  const y1 = a.bottom;
  const y2 = b.top - 2;
  if (Math.abs(x1 - x2) < 1) return `M ${x1} ${y1} V ${y2}`;
  const ym = b.top - gap / 2;
  const rad = Math.min(8, Math.abs(x2 - x1) / 2, (ym - y1) / 2);
  const dir = x2 > x1 ? 1 : -1;
  return [
    `M ${x1} ${y1}`,
    `V ${ym - rad}`,
    `Q ${x1} ${ym} ${x1 + dir * rad} ${ym}`,
    `H ${x2 - dir * rad}`,
    `Q ${x2} ${ym} ${x2} ${ym + rad}`,
    `V ${y2}`,
  ].join(' ');
}

export function Legend(): ReactNode {
  return (
    <ul className="pl-flow-legend" aria-label="Legend">
      <li><span className="pl-lg pl-lg-lit" /> path taken</li>
      <li><span className="pl-lg pl-lg-matched" /> matched: decides the token</li>
      <li><span className="pl-lg pl-lg-passed" /> evaluated and passed over (why, below)</li>
      <li><span className="pl-lg pl-lg-unreached" /> not reached</li>
    </ul>
  );
}

export { nodeId };

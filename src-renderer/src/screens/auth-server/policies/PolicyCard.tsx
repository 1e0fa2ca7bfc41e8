import { useEffect, useRef, useState, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import type { Rule, Scope } from '../../../api/types';
import { Badge, Button } from '../../../components/ui';
import { href } from '../../../router';
import type { PolicyEntry, PoliciesModel } from './data';
import { useNames } from './directory';
import { ArrowDown, ArrowUp, Grip, IconButton, Switch } from './fields';
import { KindIcon } from './Picker';
import { PolicyForm } from './PolicyForm';
import { reorderKey, useDragReorder } from './reorder';
import { RuleForm } from './RuleForm';
import { ALL_CLIENTS, ANY_SCOPE, EVERYONE } from './types';
import { duration, grantShort, shadowedBy } from './words';

/** Grants whose tokens can come with a refresh token (src-server/policy/engine.ts). */
const REFRESHABLE = new Set(['authorization_code', 'password', 'urn:ietf:params:oauth:grant-type:device_code']);

/** Puts focus back on a control after the list re-orders (the element may have moved). */
export function refocus(id: string, fallback?: string) {
  requestAnimationFrame(() => {
    const el = document.getElementById(id) as HTMLButtonElement | null;
    if (el && !el.disabled) el.focus();
    else if (fallback) document.getElementById(fallback)?.focus();
  });
}

interface DragItem {
  ref(el: HTMLElement | null): void;
  handle: { onPointerDown(e: ReactPointerEvent<HTMLElement>): void };
  state: { className: string; style?: CSSProperties };
}

/** One policy: its header (priority, name, clients, status) and its rules as a decision table. */
export function PolicyCard(props: {
  entry: PolicyEntry;
  index: number;
  count: number;
  model: PoliciesModel;
  scopes?: Scope[];
  drag: DragItem;
  target?: { policyId: string; ruleId?: string };
  announce(message: string): void;
}) {
  const { policy, rules } = props.entry;
  const { model, index, count } = props;
  const names = useNames();
  const [editing, setEditing] = useState(false);
  const [ruleForm, setRuleForm] = useState<Rule | 'new' | undefined>();
  const cardRef = useRef<HTMLElement | null>(null);
  const isTarget = props.target?.policyId === policy.id;

  useEffect(() => {
    if (isTarget && !props.target?.ruleId) cardRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [isTarget, props.target?.ruleId]);

  const movePolicy = (to: number, focusId: string) => {
    if (to < 0 || to >= count) return;
    model.movePolicy(index, to);
    props.announce(`Policy “${policy.name}” moved to priority ${to + 1} of ${count}.`);
    refocus(focusId, `grip-${policy.id}`);
  };
  const moveRule = (from: number, to: number, focusId: string) => {
    if (to < 0 || to >= rules.length) return;
    model.moveRule(policy.id, from, to);
    props.announce(`Rule “${rules[from]!.name}” moved to priority ${to + 1} of ${rules.length} in “${policy.name}”.`);
    refocus(focusId, `grip-${rules[from]!.id}`);
  };
  const ruleDrag = useDragReorder((from, to) => moveRule(from, to, `grip-${rules[from]!.id}`));

  const clients = policy.conditions.clients.include;
  const active = policy.status === 'ACTIVE';
  const activeRules = rules.filter((r) => r.status === 'ACTIVE').length;
  const shadowed = shadowedBy(rules);
  const titleId = `policy-title-${policy.id}`;

  return (
    <section
      ref={(el) => { cardRef.current = el; props.drag.ref(el); }}
      id={`policy-${policy.id}`}
      className={`pl-policy-card${active ? '' : ' pl-is-inactive'}${isTarget && !props.target?.ruleId ? ' pl-is-target' : ''} ${props.drag.state.className}`}
      style={props.drag.state.style}
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) return;
        reorderKey(e, index, count, (_, to) => movePolicy(to, (document.activeElement as HTMLElement | null)?.id || `grip-${policy.id}`));
      }}
    >
      <header className="pl-policy-head">
        <button
          type="button"
          id={`grip-${policy.id}`}
          className="pl-grip"
          aria-label={`Reorder policy ${policy.name}, priority ${index + 1} of ${count}`}
          aria-describedby="reorder-help"
          title="Drag to reorder, or press Alt+↑ / Alt+↓"
          {...props.drag.handle}
          onKeyDown={(e) => {
            if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.altKey) {
              e.preventDefault();
              e.stopPropagation();
              movePolicy(index + (e.key === 'ArrowUp' ? -1 : 1), `grip-${policy.id}`);
            }
          }}
        >
          <Grip />
        </button>
        <span className="pl-prio" aria-hidden="true" title={`Priority ${policy.priority}`}>{index + 1}</span>
        <div className="pl-policy-title">
          <div className="pl-policy-name-row">
            <h2 id={titleId}>{policy.name}</h2>
            {!active && <Badge tone="muted">INACTIVE</Badge>}
            {active && activeRules === 0 && <Badge tone="warn">skipped: no active rules</Badge>}
          </div>
          {policy.description && <p className="pl-policy-desc">{policy.description}</p>}
          <div className="pl-applies">
            <span className="pl-applies-label">Applies to</span>
            {clients.includes(ALL_CLIENTS) ? (
              <span className="chip pl-chip-all"><KindIcon kind="app" /> All clients</span>
            ) : (
              clients.map((c) => {
                const app = names.app(c);
                return app ? (
                  <a key={c} className="chip pl-chip-link" href={href('applications', app.id)} title={c}><KindIcon kind="app" /> {app.label}</a>
                ) : (
                  <span key={c} className="chip" title="No app has this client id">{c}</span>
                );
              })
            )}
          </div>
        </div>
        <div className="pl-policy-actions">
          <Switch on={active} text label={`Active: policy ${policy.name}`} onChange={(on) => { void model.setPolicyStatus(policy, on); props.announce(`Policy “${policy.name}” ${on ? 'activated' : 'deactivated'}.`); }} />
          <Button kind="ghost" onClick={() => setEditing((x) => !x)}>Edit</Button>
          <Button onClick={() => setRuleForm('new')}>Add rule</Button>
          <span className="pl-move-pair">
            <IconButton id={`up-${policy.id}`} label={`Move policy ${policy.name} up`} disabled={index === 0} onClick={() => movePolicy(index - 1, `up-${policy.id}`)}><ArrowUp /></IconButton>
            <IconButton id={`down-${policy.id}`} label={`Move policy ${policy.name} down`} disabled={index === count - 1} onClick={() => movePolicy(index + 1, `down-${policy.id}`)}><ArrowDown /></IconButton>
          </span>
        </div>
      </header>

      {editing && (
        <div className="pl-policy-edit">
          <PolicyForm base={model.base} policy={policy} ruleCount={rules.length}
            onDone={(saved) => { setEditing(false); if (saved) { props.announce(`Policy “${saved.name}” saved.`); void model.reload(); } }}
            onDeleted={() => { props.announce(`Policy “${policy.name}” deleted.`); void model.reload(); }} />
        </div>
      )}

      {rules.length === 0 ? (
        <div className="pl-rules-empty">
          <strong>No rules yet.</strong> A policy without an active rule is passed over: requests go on to the next policy.
          <Button kind="primary" onClick={() => setRuleForm('new')}>Add the first rule</Button>
        </div>
      ) : (
        <div className="pl-rules-wrap">
          <table className="pl-rules" aria-label={`Rules of ${policy.name}`}>
            <colgroup>
              <col className="pl-c-order" /><col className="pl-c-rule" /><col className="pl-c-grant" /><col className="pl-c-people" /><col className="pl-c-scopes" /><col className="pl-c-access" /><col className="pl-c-refresh" /><col className="pl-c-act" />
            </colgroup>
            <thead>
              <tr className="pl-th-group">
                <th colSpan={2} />
                <th colSpan={3} scope="colgroup" className="pl-th-if"><span className="pl-kw">IF</span> the request…</th>
                <th colSpan={2} scope="colgroup" className="pl-th-then"><span className="pl-kw pl-kw-then">THEN</span> tokens last</th>
                <th />
              </tr>
              <tr>
                <th scope="col"><span className="pl-sr-only">Priority and status</span></th>
                <th scope="col">Rule</th>
                <th scope="col">Grant type is</th>
                <th scope="col">User is</th>
                <th scope="col">Scopes are within</th>
                <th scope="col">Access token</th>
                <th scope="col">Refresh token</th>
                <th scope="col"><span className="pl-sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => {
                const st = ruleDrag.itemState(i);
                const isRuleTarget = props.target?.ruleId === r.id;
                return (
                  <RuleRow
                    key={r.id}
                    rule={r}
                    index={i}
                    count={rules.length}
                    policyName={policy.name}
                    shadowedBy={shadowed.get(r.id)}
                    target={isRuleTarget}
                    rowRef={ruleDrag.itemRef(i)}
                    handle={ruleDrag.handleProps(i)}
                    dragClass={st.className}
                    dragStyle={st.style}
                    onMove={(to, focusId) => moveRule(i, to, focusId)}
                    onToggle={(on) => { void model.setRuleStatus(policy.id, r, on); props.announce(`Rule “${r.name}” ${on ? 'activated' : 'deactivated'}.`); }}
                    onEdit={() => setRuleForm(ruleForm !== 'new' && ruleForm?.id === r.id ? undefined : r)}
                    names={names}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {ruleForm && (
        <div className="pl-rule-form-wrap">
          <RuleForm
            key={ruleForm === 'new' ? 'new' : ruleForm.id}
            base={model.base}
            policyId={policy.id}
            policyName={policy.name}
            rule={ruleForm === 'new' ? undefined : ruleForm}
            scopes={props.scopes}
            onDone={(saved) => { setRuleForm(undefined); if (saved) { props.announce(`Rule “${saved.name}” saved.`); void model.reload(); } }}
            onDeleted={() => { setRuleForm(undefined); props.announce('Rule deleted.'); void model.reload(); }}
          />
        </div>
      )}
    </section>
  );
}

function RuleRow(props: {
  rule: Rule;
  index: number;
  count: number;
  policyName: string;
  shadowedBy?: string;
  target: boolean;
  rowRef(el: HTMLElement | null): void;
  handle: { onPointerDown(e: ReactPointerEvent<HTMLElement>): void };
  dragClass: string;
  dragStyle?: CSSProperties;
  onMove(to: number, focusId: string): void;
  onToggle(on: boolean): void;
  onEdit(): void;
  names: ReturnType<typeof useNames>;
}) {
  const { rule: r, index, count, names } = props;
  const rowRef = useRef<HTMLTableRowElement | null>(null);
  useEffect(() => {
    if (props.target) rowRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [props.target]);
  const c = r.conditions;
  const t = r.actions.token;
  const active = r.status === 'ACTIVE';
  const userless = c.grantTypes.include.every((g) => g === 'client_credentials');
  const everyone = c.people.groups.include.includes(EVERYONE);
  const refreshable = c.grantTypes.include.some((g) => REFRESHABLE.has(g));
  const excluded = [...c.people.groups.exclude.map((g) => ({ id: g, label: names.group(g), kind: 'group' as const })), ...c.people.users.exclude.map((u) => ({ id: u, label: names.user(u), kind: 'user' as const }))];

  return (
    <tr
      ref={(el) => { rowRef.current = el; props.rowRef(el); }}
      id={`rule-${r.id}`}
      className={`${active ? '' : 'pl-is-inactive'}${props.target ? ' pl-is-target' : ''} ${props.dragClass}`}
      style={props.dragStyle}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLInputElement) return;
        if (reorderKey(e, index, count, (_, to) => props.onMove(to, (document.activeElement as HTMLElement | null)?.id || `grip-${r.id}`))) e.stopPropagation();
      }}
    >
      <td className="pl-cell-order">
        <span className="pl-order-inner">
          <button
            type="button"
            id={`grip-${r.id}`}
            className="pl-grip"
            aria-label={`Reorder rule ${r.name}, priority ${index + 1} of ${count}`}
            aria-describedby="reorder-help"
            title="Drag to reorder, or press Alt+↑ / Alt+↓"
            {...props.handle}
            onKeyDown={(e) => {
              if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.altKey) {
                e.preventDefault();
                e.stopPropagation();
                props.onMove(index + (e.key === 'ArrowUp' ? -1 : 1), `grip-${r.id}`);
              }
            }}
          >
            <Grip />
          </button>
          <span className="pl-prio pl-prio-rule" aria-hidden="true">{index + 1}</span>
          <Switch on={active} label={`Active: rule ${r.name}`} onChange={props.onToggle} />
        </span>
      </td>
      <td className="pl-cell-rule">
        <span className="pl-rule-name">{r.name}</span>
        {!active && <div><Badge tone="muted">INACTIVE</Badge></div>}
        {active && props.shadowedBy && <div className="pl-rule-warn" title="Every request this rule matches is already matched by the earlier rule.">Never reached: “{props.shadowedBy}” above matches first</div>}
      </td>
      <td>
        <ul className="pl-tags">{c.grantTypes.include.map((g) => <li key={g}>{grantShort(g)}</li>)}</ul>
      </td>
      <td>
        {userless ? (
          <span className="muted">no user (service)</span>
        ) : everyone ? (
          <span className="chip pl-chip-all" title="Any user assigned the app"><KindIcon kind="group" /> Everyone</span>
        ) : c.people.groups.include.length + c.people.users.include.length === 0 ? (
          <span className="pl-rule-warn">Nobody: no user matches</span>
        ) : (
          <span className="chips">
            {c.people.groups.include.map((g) => <span key={g} className="chip"><KindIcon kind="group" /> {names.group(g)}</span>)}
            {c.people.users.include.map((u) => <span key={u} className="chip" title={names.userLogin(u)}><KindIcon kind="user" /> {names.user(u)}</span>)}
          </span>
        )}
        {!userless && excluded.length > 0 && (
          <div className="pl-except-line">except {excluded.map((x, i) => <span key={x.id}>{i ? ', ' : ''}<KindIcon kind={x.kind} /> {x.label}</span>)}</div>
        )}
      </td>
      <td>
        {c.scopes.include.includes(ANY_SCOPE) ? (
          <span className="chip pl-chip-all">Any scopes</span>
        ) : (
          <span className="chips">{c.scopes.include.map((s) => <code key={s} className="pl-scope">{s}</code>)}</span>
        )}
      </td>
      <td className="pl-cell-life"><strong>{duration(t.accessTokenLifetimeMinutes)}</strong></td>
      <td className="pl-cell-life">
        {refreshable ? (
          <>
            <strong>{t.refreshTokenLifetimeMinutes === 0 ? 'Unlimited' : duration(t.refreshTokenLifetimeMinutes)}</strong>
            <div className="cell-sub">ends if unused for {duration(t.refreshTokenWindowMinutes)}</div>
          </>
        ) : (
          <span className="muted" title="None of its grant types is given refresh tokens.">not issued</span>
        )}
      </td>
      <td className="pl-cell-act">
        <Button kind="ghost" onClick={props.onEdit} title={`Edit rule ${r.name}`}>Edit</Button>
        <span className="pl-move-pair">
          <IconButton id={`up-${r.id}`} label={`Move rule ${r.name} up`} disabled={index === 0} onClick={() => props.onMove(index - 1, `up-${r.id}`)}><ArrowUp /></IconButton>
          <IconButton id={`down-${r.id}`} label={`Move rule ${r.name} down`} disabled={index === count - 1} onClick={() => props.onMove(index + 1, `down-${r.id}`)}><ArrowDown /></IconButton>
        </span>
      </td>
    </tr>
  );
}

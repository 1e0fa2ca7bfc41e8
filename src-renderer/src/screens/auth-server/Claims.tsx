import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer, Claim } from '../../api/types';
import { Badge, Button, Empty, ErrorBanner, Field, FormError, Loading } from '../../components/ui';
import { ExpressionEditor, type Validity } from '../../components/expression-editor/ExpressionEditor';
import { LiveValue, type LiveResult } from '../../components/expression-editor/LiveValue';
import { validateExpression } from '../../components/expression-editor/expression-api';

const FILTERS = ['STARTS_WITH', 'EQUALS', 'CONTAINS', 'REGEX'] as const;

/** The claims of access (RESOURCE) and ID (IDENTITY) tokens, with where each value comes from. */
export function ClaimsTab(props: { server: AuthServer }) {
  const claims = useApi<Claim[]>(`/authorizationServers/${props.server.id}/claims`);
  const [editing, setEditing] = useState<Claim | 'new' | undefined>();
  return (
    <>
      <div className="actions" style={{ marginBottom: 12 }}>
        <Button kind="primary" onClick={() => setEditing('new')}>Add claim</Button>
      </div>
      {editing && <ClaimForm key={editing === 'new' ? 'new' : editing.id} server={props.server} claim={editing === 'new' ? undefined : editing} onDone={(changed) => { setEditing(undefined); if (changed) claims.reload(); }} />}
      {claims.loading && !claims.data && <Loading what="claims" />}
      {claims.error !== undefined && <ErrorBanner error={claims.error} />}
      {claims.data && claims.data.length === 0 && <Empty title="No claims yet">Add one to put a user's attributes, groups or app details into this server's tokens.</Empty>}
      {claims.data && claims.data.length > 0 && (
        <table className="list" aria-label="Claims">
          <thead><tr><th>Claim</th><th>Token</th><th>Value</th><th>Included</th><th /></tr></thead>
          <tbody>
            {claims.data.map((c) => (
              <tr key={c.id}>
                <td><code className="cell-title">{c.name}</code> {c.system && <Badge tone="muted">system</Badge>} {c.status === 'INACTIVE' && <Badge>INACTIVE</Badge>}</td>
                <td>{c.claimType === 'RESOURCE' ? 'Access token' : 'ID token'}</td>
                <td>
                  {c.valueType === 'GROUPS' ? <>Groups whose name {c.group_filter_type?.toLowerCase().replace('_', ' ')} <code>{c.value}</code></> : <code>{c.value}</code>}
                </td>
                <td>
                  {c.conditions.scopes.length ? <>with {c.conditions.scopes.map((s) => <code key={s}>{s} </code>)}</> : 'always'}
                  {c.claimType === 'IDENTITY' && !c.alwaysIncludeInToken && <div className="cell-sub">only in userinfo and fat ID tokens</div>}
                </td>
                <td style={{ textAlign: 'right' }}>{!c.system && <Button kind="ghost" onClick={() => setEditing(c)}>Edit</Button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ClaimForm(props: { server: AuthServer; claim?: Claim; onDone(changed: boolean): void }) {
  const c = props.claim;
  const [name, setName] = useState(c?.name ?? '');
  const [claimType, setClaimType] = useState<Claim['claimType']>(c?.claimType ?? 'RESOURCE');
  const [valueType, setValueType] = useState<'EXPRESSION' | 'GROUPS'>(c?.valueType === 'GROUPS' ? 'GROUPS' : 'EXPRESSION');
  const [value, setValue] = useState(c?.value ?? '');
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>(c?.group_filter_type ?? 'STARTS_WITH');
  const [scopes, setScopes] = useState((c?.conditions.scopes ?? []).join(' '));
  const [always, setAlways] = useState(c?.alwaysIncludeInToken ?? true);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [validity, setValidity] = useState<Validity>({ state: 'checking' });
  const [live, setLive] = useState<LiveResult>({});
  const local = { name: name.trim() ? undefined : 'A claim needs a name.', value: value.trim() ? undefined : valueType === 'GROUPS' ? 'The filter needs a value.' : 'Write the expression that gives the value, e.g. user.department.' };
  const expressionProblems = valueType === 'EXPRESSION' && validity.state === 'invalid' ? validity.issues.length : 0;
  const conditionScopes = scopes.split(/\s+/).filter(Boolean);

  const save = async () => {
    if (local.name || local.value || expressionProblems) return;
    setBusy(true);
    try {
      // The editor checks as you type; check once more in case the last keystroke is not checked yet.
      if (valueType === 'EXPRESSION' && validity.state !== 'valid') {
        const v = await validateExpression(value);
        if (!v.valid) {
          setValidity({ state: 'invalid', issues: v.issues });
          return;
        }
      }
      const body = {
        ...(c ?? {}), name: name.trim(), status: c?.status ?? 'ACTIVE', claimType, valueType, value,
        ...(valueType === 'GROUPS' ? { group_filter_type: filter } : {}),
        conditions: { scopes: scopes.split(/\s+/).filter(Boolean) }, alwaysIncludeInToken: always,
      };
      const base = `/authorizationServers/${props.server.id}/claims`;
      await api(c ? `${base}/${c.id}` : base, { method: c ? 'PUT' : 'POST', body });
      props.onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!c) return;
    try {
      await api(`/authorizationServers/${props.server.id}/claims/${c.id}`, { method: 'DELETE' });
      props.onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    }
  };

  return (
    <form className="card" aria-label={c ? `Edit claim ${c.name}` : 'New claim'} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{c ? `Edit ${c.name}` : 'New claim'}</h2>
      <FormError error={error} fields={['name', 'claimType', 'value', 'group_filter_type', 'conditions.scopes']} />
      <div className="form-grid">
        <Field label="Name" htmlFor="claim-name" error={local.name ?? error?.causeFor('name')}>
          <input id="claim-name" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Include in" htmlFor="claim-type" error={error?.causeFor('claimType')}>
          <select id="claim-type" value={claimType} onChange={(e) => setClaimType(e.target.value as Claim['claimType'])}>
            <option value="RESOURCE">Access token</option>
            <option value="IDENTITY">ID token</option>
          </select>
        </Field>
        <Field label="Value type" htmlFor="claim-vt">
          <select id="claim-vt" value={valueType} onChange={(e) => setValueType(e.target.value as 'EXPRESSION' | 'GROUPS')}>
            <option value="EXPRESSION">Expression</option>
            <option value="GROUPS">Groups (filter)</option>
          </select>
        </Field>
        {valueType === 'GROUPS' && (
          <Field label="Group names that" htmlFor="claim-filter" error={error?.causeFor('group_filter_type')}>
            <select id="claim-filter" value={filter} onChange={(e) => setFilter(e.target.value as (typeof FILTERS)[number])}>
              {FILTERS.map((f) => <option key={f} value={f}>{f.toLowerCase().replace('_', ' ')}</option>)}
            </select>
          </Field>
        )}
        {valueType === 'GROUPS' && (
          <Field label="Filter value" htmlFor="claim-value" error={local.value ?? error?.causeFor('value')}>
            <input id="claim-value" className="mono" value={value} onChange={(e) => setValue(e.target.value)} placeholder="Orders" />
          </Field>
        )}
        <Field label="Only with scopes" htmlFor="claim-scopes" hint="Space-separated; empty = any scope." error={error?.causeFor('conditions.scopes')}>
          <input id="claim-scopes" value={scopes} onChange={(e) => setScopes(e.target.value)} />
        </Field>
      </div>
      {valueType === 'EXPRESSION' && (
        <div className="el-workspace">
          <ExpressionEditor
            label="Expression (Okta Expression Language)"
            value={value}
            onChange={setValue}
            placeholder="user.department"
            hint="Ctrl+Space lists what can come next; hover a function for its documentation. Tab leaves the editor."
            error={local.value ?? error?.causeFor('value')}
            onValidity={setValidity}
            trace={live.trace}
            traceFor={live.who}
            evaluationIssue={live.issue && live.who ? { issue: live.issue, who: live.who } : undefined}
          />
          <LiveValue serverId={props.server.id} expression={value} validity={validity} claimName={name} claimType={claimType} conditionScopes={conditionScopes} onResult={setLive} />
        </div>
      )}
      {claimType === 'IDENTITY' && (
        <div className="form-actions">
          <label className="checkbox"><input type="checkbox" checked={always} onChange={(e) => setAlways(e.target.checked)} /> Always in the ID token (otherwise only in userinfo and ID tokens that come alone)</label>
        </div>
      )}
      <div className="form-actions">
        <Button kind="primary" type="submit" disabled={busy || !!local.name || !!local.value || expressionProblems > 0}>{c ? 'Save' : 'Add claim'}</Button>
        <Button kind="ghost" onClick={() => props.onDone(false)}>Cancel</Button>
        {c && !confirming && <Button kind="danger" onClick={() => setConfirming(true)}>Delete</Button>}
        {c && confirming && (
          <span className="claim-confirm" role="group" aria-label="Confirm deletion">
            <span>Delete the claim <code>{c.name}</code>? Tokens stop carrying it at once.</span>
            <Button kind="danger" onClick={() => void remove()} disabled={busy}>Delete claim</Button>
            <Button kind="ghost" onClick={() => setConfirming(false)}>Keep it</Button>
          </span>
        )}
        {expressionProblems > 0 && <span className="muted">Fix the expression to save the claim.</span>}
      </div>
    </form>
  );
}

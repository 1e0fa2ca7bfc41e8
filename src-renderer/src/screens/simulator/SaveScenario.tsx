import { useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { Button, Field, FormError } from '../../components/ui';
import { href } from '../../router';
import { claimSource, suggestExpectations, type ClaimPick } from './logic';
import type { Expectation, Scenario, SimulationSetupInput, StepRun, Tamper } from './types';

interface StepRow {
  step: string;
  title: string;
  include: boolean;
  outcome: 'success' | 'error';
  error: string;
  /** Space-separated, for the step that issued tokens. */
  scopes?: string;
  active?: boolean;
}

const CLAIM_SOURCES: ClaimPick['token'][] = ['access_token', 'id_token', 'userinfo', 'introspection'];
const SKIP_CLAIMS = new Set(['iat', 'exp', 'nbf', 'jti', 'auth_time', 'nonce', 'at_hash', 'c_hash', 'uid', 'sid']);

/**
 * Keeps this simulation as a scenario: what was done (setup and tampers) and what it should
 * come to (expectations prefilled from what happened, editable before saving).
 */
export function SaveScenario(props: { setup: SimulationSetupInput; runs: StepRun[]; tampers: Tamper[]; onClose(): void }) {
  const suggested = useMemo(() => suggestExpectations(props.runs), [props.runs]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [rows, setRows] = useState<StepRow[]>(() =>
    suggested.map((x) => ({
      step: x.step,
      title: props.runs.find((r) => r.step.id === x.step)?.step.title ?? x.step,
      include: true,
      outcome: x.outcome ?? 'success',
      error: x.error ?? '',
      ...(x.scopes ? { scopes: x.scopes.join(' ') } : {}),
      ...(x.active !== undefined ? { active: x.active } : {}),
    })),
  );
  // Claims a tester might pin, with their current values (timestamps and one-time values left out).
  const [claims, setClaims] = useState<(ClaimPick & { step: string; on: boolean })[]>(() =>
    props.runs.flatMap((r) =>
      CLAIM_SOURCES.flatMap((token) =>
        Object.entries(claimSource(r, token) ?? {})
          .filter(([k]) => !SKIP_CLAIMS.has(k))
          .map(([claim, v]) => ({ step: r.step.id, token, claim, value: JSON.stringify(v), on: false })),
      ),
    ),
  );
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<Scenario>();
  const [busy, setBusy] = useState(false);

  const nameProblem = name.trim() ? (name.length > 255 ? 'At most 255 characters' : undefined) : 'Give the scenario a name';
  const badClaim = claims.find((c) => c.on && !isJson(c.value));

  const expectations = (): Expectation[] =>
    rows.filter((r) => r.include).map((r) => {
      const x: Expectation = { step: r.step, outcome: r.outcome };
      if (r.outcome === 'error' && r.error.trim()) x.error = r.error.trim();
      if (r.scopes !== undefined && r.outcome === 'success') x.scopes = r.scopes.split(/\s+/).filter(Boolean);
      if (r.active !== undefined) x.active = r.active;
      const mine = claims.filter((c) => c.on && c.step === r.step);
      if (mine.length) x.claims = mine.map((c) => ({ token: c.token, claim: c.claim, equals: JSON.parse(c.value) as unknown }));
      return x;
    });

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const s = await api<Scenario>('/gatehouse/scenarios', {
        method: 'POST',
        body: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), setup: props.setup, tampers: props.tampers, expectations: expectations() },
      });
      setSaved(s);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };

  if (saved) {
    return (
      <section className="card sim-save" aria-labelledby="sim-save-title">
        <h2 id="sim-save-title">Saved</h2>
        <div className="banner banner-ok" role="status">
          <strong>Scenario “{saved.name}” saved</strong>
          <span>It runs again from the <a href={href('scenarios')}>Scenarios</a> screen, and with <code>gatehouse test</code>.</span>
        </div>
        <div className="form-actions"><Button onClick={props.onClose}>Close</Button></div>
      </section>
    );
  }

  const set = (i: number, patch: Partial<StepRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <section className="card sim-save" aria-labelledby="sim-save-title">
      <h2 id="sim-save-title">Save as scenario</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!nameProblem && !badClaim) void save();
        }}
      >
        <FormError error={error} fields={['name', 'description']} />
        <div className="form-grid">
          <Field label="Name" htmlFor="sim-sc-name" error={error?.causeFor('name') ?? (name ? nameProblem : undefined)}>
            <input id="sim-sc-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </Field>
          <Field label="Description" htmlFor="sim-sc-desc" error={error?.causeFor('description')}>
            <input id="sim-sc-desc" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What this checks, and why" />
          </Field>
        </div>
        {props.tampers.length > 0 && (
          <p className="muted">Your edits are kept as tampers: {props.tampers.map((t) => `${t.step} (${[...Object.keys(t.set ?? {}).map((k) => `set ${k}`), ...(t.remove ?? []).map((k) => `remove ${k}`), ...Object.keys(t.headers ?? {}).map((k) => `header ${k}`)].join(', ')})`).join('; ')}.</p>
        )}
        <table className="list sim-expect" aria-label="Expectations">
          <caption>Expectations, from what happened</caption>
          <thead><tr><th scope="col">Check</th><th scope="col">Step</th><th scope="col">Outcome</th><th scope="col">Error / scopes</th></tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.step}>
                <td><input type="checkbox" aria-label={`Check step ${r.title}`} checked={r.include} onChange={(e) => set(i, { include: e.target.checked })} /></td>
                <td>{r.title}<div className="cell-sub mono">{r.step}</div></td>
                <td>
                  <select aria-label={`Expected outcome of ${r.title}`} value={r.outcome} onChange={(e) => set(i, { outcome: e.target.value as StepRow['outcome'] })} disabled={!r.include}>
                    <option value="success">succeeds</option>
                    <option value="error">is refused</option>
                  </select>
                  {r.active !== undefined && (
                    <label className="checkbox sim-active"><input type="checkbox" checked={r.active} onChange={(e) => set(i, { active: e.target.checked })} disabled={!r.include} /> token active</label>
                  )}
                </td>
                <td>
                  {r.outcome === 'error' ? (
                    <input aria-label={`Expected error of ${r.title}`} className="mono" value={r.error} placeholder="any error" onChange={(e) => set(i, { error: e.target.value })} disabled={!r.include} />
                  ) : r.scopes !== undefined ? (
                    <input aria-label={`Expected scopes of ${r.title}`} className="mono" value={r.scopes} onChange={(e) => set(i, { scopes: e.target.value })} disabled={!r.include} />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {claims.length > 0 && (
          <details className="sim-details">
            <summary>Claims to check ({claims.filter((c) => c.on).length} chosen)</summary>
            <div className="sim-claim-picks">
              {claims.map((c, i) => (
                <div key={`${c.step}-${c.token}-${c.claim}`} className="sim-claim-pick">
                  <label className="checkbox">
                    <input type="checkbox" checked={c.on} onChange={(e) => setClaims((cs) => cs.map((x, j) => (j === i ? { ...x, on: e.target.checked } : x)))} />
                    <span className="mono">{c.token.replace('_', ' ')} · {c.claim}</span>
                  </label>
                  <input
                    aria-label={`Expected value of ${c.token} claim ${c.claim}`}
                    className={`mono${c.on && !isJson(c.value) ? ' sim-invalid' : ''}`}
                    value={c.value}
                    disabled={!c.on}
                    onChange={(e) => setClaims((cs) => cs.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                  />
                </div>
              ))}
            </div>
            {badClaim && <p className="field-error" role="alert">The value of {badClaim.claim} is not JSON (write strings in quotes).</p>}
          </details>
        )}
        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={busy || !!nameProblem || !!badClaim}>{busy ? 'Saving…' : 'Save scenario'}</Button>
          <Button kind="ghost" onClick={props.onClose}>Cancel</Button>
        </div>
      </form>
    </section>
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

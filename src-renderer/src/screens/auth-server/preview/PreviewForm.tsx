import { useState } from 'react';
import type { ApiError } from '../../../api/client';
import type { OktaApp, Scope, User } from '../../../api/types';
import { Button, Field, FormError } from '../../../components/ui';
import { Combobox, type Option } from './Combobox';
import { grantLabel, PREVIEW_GRANTS, USERLESS_GRANTS } from './grants';
import { searchApps, searchUsers } from './search';
import type { PreviewDraft } from './store';
import type { PreviewRequest } from './types';

const FIELDS = ['clientId', 'grantType', 'originalGrantType', 'userId', 'scopes', 'responseType', 'prompt', 'nonce'];

/** The grants of a client that the preview can play, in the client's order. */
export function playableGrants(app: OktaApp | undefined): string[] {
  return (app?.settings.oauthClient.grant_types ?? []).filter((g) => PREVIEW_GRANTS.includes(g));
}

/** The grant whose rules decide: a refresh is judged by the grant that started it. */
export function ruleGrant(d: PreviewDraft): string {
  return d.grantType === 'refresh_token' ? d.originalGrantType : d.grantType;
}

/** What is missing before the preview can run, per field (validation as you type). */
export function draftProblems(d: PreviewDraft): { client?: string; grant?: string; user?: string } {
  const out: { client?: string; grant?: string; user?: string } = {};
  if (!d.client) out.client = 'Choose the client that asks for the token.';
  else if (!d.grantType) out.grant = playableGrants(d.client.value).length ? 'Choose a grant type.' : 'This client has no grant the preview can play.';
  if (d.grantType && !USERLESS_GRANTS.has(ruleGrant(d)) && !d.user) out.user = `The ${grantLabel(ruleGrant(d))} grant needs a user: search by name or login.`;
  return out;
}

export function toRequest(d: PreviewDraft): PreviewRequest {
  const userless = USERLESS_GRANTS.has(ruleGrant(d));
  return {
    clientId: d.client!.id,
    grantType: d.grantType,
    ...(d.grantType === 'refresh_token' ? { originalGrantType: d.originalGrantType } : {}),
    ...(!userless && d.user ? { userId: d.user.id } : {}),
    ...(d.scopes.length ? { scopes: d.scopes } : {}),
    ...(d.responseType ? { responseType: d.responseType } : {}),
    ...(d.prompt ? { prompt: [d.prompt] } : {}),
    ...(d.nonce.trim() ? { nonce: d.nonce.trim() } : {}),
  };
}

/** Client, grant, user and scopes: the request the preview plays. */
export function PreviewForm(props: {
  draft: PreviewDraft;
  scopes: Scope[];
  busy: boolean;
  error: ApiError | undefined;
  onChange(patch: Partial<PreviewDraft>): void;
  onSubmit(): void;
}) {
  const { draft: d, onChange } = props;
  const [attempted, setAttempted] = useState(false);
  const [userTouched, setUserTouched] = useState(false);
  const problems = draftProblems(d);
  const grants = playableGrants(d.client?.value);
  const unplayable = (d.client?.value.settings.oauthClient.grant_types ?? []).filter((g) => !PREVIEW_GRANTS.includes(g));
  const userless = !!d.grantType && USERLESS_GRANTS.has(ruleGrant(d));
  const defaults = props.scopes.filter((s) => s.default).map((s) => s.name);
  const e = props.error;

  const chooseClient = (o: Option<OktaApp> | undefined) => {
    const g = playableGrants(o?.value);
    onChange({ client: o, grantType: o ? (g.includes(d.grantType) ? d.grantType : g[0] ?? '') : '' });
  };

  return (
    <form
      className="card pm-form"
      aria-label="Token preview request"
      onSubmit={(ev) => {
        ev.preventDefault();
        setAttempted(true);
        if (Object.keys(problems).length === 0) props.onSubmit();
      }}
    >
      <FormError error={e} fields={FIELDS} title="The preview could not run" />
      <div className="pm-form-grid">
        <Combobox<OktaApp>
          id="pv-client"
          label="Client"
          placeholder="Search apps by name…"
          selected={d.client}
          onSelect={chooseClient}
          search={searchApps}
          noMatch="No app's name starts with"
          error={(attempted ? problems.client : undefined) ?? e?.causeFor('clientId')}
        />
        <Field label="Grant type" htmlFor="pv-grant" error={(attempted ? problems.grant : undefined) ?? e?.causeFor('grantType')} hint={unplayable.length ? `Also configured, not previewable: ${unplayable.map(grantLabel).join(', ')}.` : undefined}>
          <select id="pv-grant" value={d.grantType} disabled={!d.client || grants.length === 0} onChange={(ev) => onChange({ grantType: ev.target.value })}>
            {!d.client && <option value="">Choose a client first</option>}
            {d.client && grants.length === 0 && <option value="">No grant to preview</option>}
            {grants.map((g) => <option key={g} value={g}>{grantLabel(g)}</option>)}
          </select>
        </Field>
        {d.grantType === 'refresh_token' && (
          <Field label="Refreshing a token from" htmlFor="pv-original" hint="The rules are matched against the grant that started the session." error={e?.causeFor('originalGrantType')}>
            <select id="pv-original" value={d.originalGrantType} onChange={(ev) => onChange({ originalGrantType: ev.target.value })}>
              {grants.filter((g) => g !== 'refresh_token' && g !== 'client_credentials').map((g) => <option key={g} value={g}>{grantLabel(g)}</option>)}
              {!grants.some((g) => g !== 'refresh_token' && g !== 'client_credentials') && <option value="authorization_code">{grantLabel('authorization_code')}</option>}
            </select>
          </Field>
        )}
        <Combobox<User>
          id="pv-user"
          label="User"
          placeholder={userless ? 'No user: the client acts for itself' : 'Search by name or login…'}
          selected={userless ? undefined : d.user}
          onSelect={(o) => {
            setUserTouched(true);
            onChange({ user: o });
          }}
          search={searchUsers}
          noMatch="No user matches"
          disabled={userless}
          hint={userless ? 'Client credentials tokens have no user.' : undefined}
          error={(attempted || userTouched ? problems.user : undefined) ?? e?.causeFor('userId')}
        />
      </div>

      <fieldset className="pm-scopes" aria-describedby="pv-scopes-hint">
        <legend>Scopes</legend>
        <div className="chips" role="group" aria-label="Scopes to ask for">
          {props.scopes.map((s) => {
            const on = d.scopes.includes(s.name);
            return (
              <button
                key={s.id}
                type="button"
                className={`pm-scope-chip${on ? ' pm-scope-on' : ''}`}
                aria-pressed={on}
                title={s.description ?? s.displayName ?? s.name}
                onClick={() => onChange({ scopes: on ? d.scopes.filter((x) => x !== s.name) : [...d.scopes, s.name] })}
              >
                <span aria-hidden="true" className="pm-scope-check">{on ? '✓' : '+'}</span>
                {s.name}
              </button>
            );
          })}
          {d.scopes.length > 0 && (
            <button type="button" className="btn btn-ghost pm-small" onClick={() => onChange({ scopes: [] })}>Clear</button>
          )}
        </div>
        <p id="pv-scopes-hint" className={e?.causeFor('scopes') ? 'field-error' : 'field-hint'}>
          {e?.causeFor('scopes') ??
            (d.scopes.length
              ? `Asking for: ${d.scopes.join(' ')}`
              : defaults.length
                ? `None chosen: the server's default scopes are used (${defaults.join(', ')}).`
                : "None chosen, and this server has no default scopes: the endpoint will refuse.")}
        </p>
      </fieldset>

      <details className="pm-more">
        <summary>More: response type, prompt, nonce</summary>
        <div className="pm-form-grid">
          <Field label="Response type" htmlFor="pv-response" hint="Empty: the token endpoint's answer. Otherwise what /authorize would return." error={e?.causeFor('responseType')}>
            <select id="pv-response" value={d.responseType} onChange={(ev) => onChange({ responseType: ev.target.value })}>
              <option value="">— (token endpoint)</option>
              {['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'].map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </Field>
          <Field label="Prompt" htmlFor="pv-prompt" error={e?.causeFor('prompt')}>
            <select id="pv-prompt" value={d.prompt} onChange={(ev) => onChange({ prompt: ev.target.value })}>
              <option value="">— (none given)</option>
              <option value="none">none</option>
              <option value="consent">consent</option>
              <option value="login">login</option>
            </select>
          </Field>
          <Field label="Nonce" htmlFor="pv-nonce" hint="Echoed in the ID token." error={d.nonce.length > 1024 ? 'At most 1,024 characters.' : e?.causeFor('nonce')}>
            <input id="pv-nonce" value={d.nonce} onChange={(ev) => onChange({ nonce: ev.target.value })} placeholder="n-0S6_WzA2Mj" />
          </Field>
        </div>
      </details>

      <div className="form-actions">
        <Button kind="primary" type="submit" disabled={props.busy || d.nonce.length > 1024}>{props.busy ? 'Previewing…' : 'Preview tokens'}</Button>
        <span className="muted">Nothing is minted or logged; the same code as the token endpoint decides.</span>
      </div>
    </form>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer, OktaApp, Scope, User } from '../../api/types';
import { ErrorBanner, Field } from '../../components/ui';
import { FLOW_LABELS, FOLLOW_UP_LABELS, flowAllowed, flowNeedsUser, flowUsesBrowser, followUpAllowed } from './logic';
import { useSimulator, type SetupDraft } from './store';
import { FLOW_IDS, FOLLOW_UP_IDS, type FollowUp } from './types';

const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** What the tester picks: server, client, flow, user, scopes, options and follow-up steps. */
export function SetupPanel(props: { apps: OktaApp[]; servers: AuthServer[] }) {
  const draft = useSimulator((s) => s.draft);
  const setDraft = useSimulator((s) => s.setDraft);
  const app = props.apps.find((a) => a.credentials.oauthClient.client_id === draft.clientId);
  const grants = app?.settings.oauthClient.grant_types ?? [];
  const scopesApi = useApi<Scope[]>(draft.authServerId && draft.authServerId !== 'org' ? `/authorizationServers/${encodeURIComponent(draft.authServerId)}/scopes` : null);
  const scopeChoices = useMemo(() => {
    const names = (scopesApi.data ?? []).map((s) => s.name);
    return [...OIDC_SCOPES, ...names.filter((n) => !OIDC_SCOPES.includes(n))];
  }, [scopesApi.data]);

  const pickClient = (clientId: string) => {
    const next = props.apps.find((a) => a.credentials.oauthClient.client_id === clientId);
    const g = next?.settings.oauthClient.grant_types ?? [];
    const flow = draft.flow && flowAllowed(draft.flow, g).ok ? draft.flow : FLOW_IDS.find((f) => flowAllowed(f, g).ok) ?? '';
    // An app that asks its users for consent: the user allows, unless the tester says otherwise.
    const consent = next?.settings.oauthClient.consent_method === 'REQUIRED' ? 'allow' : '';
    setDraft({ clientId, flow, redirectUri: '', consent, then: draft.then.filter((f) => flow && followUpAllowed(f, flow, g, draft.scopes).ok) });
  };
  const toggleScope = (s: string) => setDraft({ scopes: draft.scopes.includes(s) ? draft.scopes.filter((x) => x !== s) : [...draft.scopes, s] });
  const toggleThen = (f: FollowUp) => setDraft({ then: draft.then.includes(f) ? draft.then.filter((x) => x !== f) : [...draft.then, f] });

  const needsUser = draft.flow ? flowNeedsUser(draft.flow) : false;
  const browser = draft.flow ? flowUsesBrowser(draft.flow) : false;
  const missing = [!draft.authServerId && 'an authorization server', !draft.clientId && 'a client', !draft.flow && 'a flow', needsUser && !draft.username.trim() && 'a user'].filter(Boolean);

  return (
    <section className="card sim-setup" aria-labelledby="sim-setup-title">
      <h2 id="sim-setup-title">Setup</h2>
      <div className="sim-setup-grid">
        <Field label="Authorization server" htmlFor="sim-server">
          <select id="sim-server" value={draft.authServerId} onChange={(e) => setDraft({ authServerId: e.target.value, scopes: draft.scopes.filter((s) => OIDC_SCOPES.includes(s)) })}>
            <option value="">Choose a server…</option>
            <option value="org">Org authorization server</option>
            {props.servers.map((s) => <option key={s.id} value={s.id}>{s.name}{s.status === 'INACTIVE' ? ' (inactive)' : ''}</option>)}
          </select>
        </Field>
        <Field label="Client" htmlFor="sim-client" hint={app ? `${typeLabel(app.settings.oauthClient.application_type)} · ${app.credentials.oauthClient.token_endpoint_auth_method} · grants: ${grants.join(', ') || 'none'}` : 'The app whose client_id the flow uses'}>
          <select id="sim-client" value={draft.clientId} onChange={(e) => pickClient(e.target.value)}>
            <option value="">Choose a client…</option>
            {props.apps.map((a) => (
              <option key={a.id} value={a.credentials.oauthClient.client_id}>
                {a.label} ({typeLabel(a.settings.oauthClient.application_type)})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Flow" htmlFor="sim-flow" hint={app ? undefined : 'Choose a client first: its grant types decide which flows it may run'}>
          <select id="sim-flow" value={draft.flow} onChange={(e) => setDraft({ flow: e.target.value as SetupDraft['flow'] })} disabled={!app}>
            <option value="">Choose a flow…</option>
            {FLOW_IDS.map((f) => {
              const ok = flowAllowed(f, grants);
              return <option key={f} value={f} disabled={!ok.ok}>{FLOW_LABELS[f]}{ok.ok ? '' : ` — ${ok.reason}`}</option>;
            })}
          </select>
        </Field>
        {needsUser && <UserPicker />}
        {needsUser && (
          <Field label="Password" htmlFor="sim-password" hint="Demo users have the password Gatehouse-Demo-1">
            <input id="sim-password" type="password" autoComplete="off" value={draft.password} onChange={(e) => setDraft({ password: e.target.value })} />
          </Field>
        )}
        {needsUser && browser && (
          <Field label="Sign-in" htmlFor="sim-signin" hint={draft.signIn === 'person' ? 'You open the authorize URL in your own browser and paste where you land' : undefined}>
            <select id="sim-signin" value={draft.signIn} onChange={(e) => setDraft({ signIn: e.target.value as SetupDraft['signIn'] })}>
              <option value="sessionToken">Session token (Authentication API)</option>
              <option value="signInPage">Through the sign-in page</option>
              <option value="person">By a person, in their browser</option>
            </select>
          </Field>
        )}
      </div>

      <fieldset className="sim-fieldset">
        <legend>Scopes</legend>
        {scopesApi.error ? <ErrorBanner error={scopesApi.error} title="The server's scopes could not be read" /> : null}
        <div className="chips sim-scope-chips" role="group" aria-label="Scopes">
          {scopeChoices.map((s) => (
            <button key={s} type="button" className={draft.scopes.includes(s) ? 'sim-chip sim-chip-on' : 'sim-chip'} aria-pressed={draft.scopes.includes(s)} onClick={() => toggleScope(s)}>
              {s}
            </button>
          ))}
        </div>
      </fieldset>

      {browser && (
        <div className="sim-setup-grid sim-options" role="group" aria-label="Options">
          <Field label="PKCE" htmlFor="sim-pkce">
            <select id="sim-pkce" value={draft.pkce} onChange={(e) => setDraft({ pkce: e.target.value as SetupDraft['pkce'] })}>
              <option value="S256">S256 (recommended)</option>
              <option value="plain">plain</option>
              <option value="none">No PKCE</option>
            </select>
          </Field>
          <Field label="Response mode" htmlFor="sim-mode">
            <select id="sim-mode" value={draft.responseMode} onChange={(e) => setDraft({ responseMode: e.target.value as SetupDraft['responseMode'] })}>
              <option value="">Default</option>
              <option value="query">query</option>
              <option value="fragment">fragment</option>
              <option value="form_post">form_post</option>
              <option value="okta_post_message">okta_post_message</option>
            </select>
          </Field>
          <Field label="Prompt" htmlFor="sim-prompt">
            <select id="sim-prompt" value={draft.prompt} onChange={(e) => setDraft({ prompt: e.target.value as SetupDraft['prompt'] })}>
              <option value="">None given</option>
              <option value="none">none</option>
              <option value="login">login</option>
              <option value="consent">consent</option>
              <option value="login consent">login consent</option>
            </select>
          </Field>
          <Field label="If asked for consent" htmlFor="sim-consent">
            <select id="sim-consent" value={draft.consent} disabled={draft.signIn === 'person'} onChange={(e) => setDraft({ consent: e.target.value as SetupDraft['consent'] })}>
              <option value="">Stop at the consent page</option>
              <option value="allow">The user allows</option>
              <option value="deny">The user does not allow</option>
            </select>
          </Field>
          <Field label="Redirect URI" htmlFor="sim-redirect">
            <select id="sim-redirect" value={draft.redirectUri} onChange={(e) => setDraft({ redirectUri: e.target.value })}>
              <option value="">{app?.settings.oauthClient.redirect_uris[0] ?? 'The app has none'} (first registered)</option>
              {(app?.settings.oauthClient.redirect_uris ?? []).slice(1).map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </Field>
          <label className="checkbox sim-nonce">
            <input type="checkbox" checked={draft.nonce} onChange={(e) => setDraft({ nonce: e.target.checked })} /> Send a nonce
          </label>
        </div>
      )}

      {draft.flow && (
        <fieldset className="sim-fieldset">
          <legend>Then</legend>
          <div className="sim-then">
            {FOLLOW_UP_IDS.map((f) => {
              const ok = followUpAllowed(f, draft.flow as Exclude<SetupDraft['flow'], ''>, grants, draft.scopes);
              const n = draft.then.indexOf(f);
              return (
                <label key={f} className={ok.ok ? 'checkbox' : 'checkbox muted'} title={ok.ok ? undefined : ok.reason}>
                  <input type="checkbox" checked={n >= 0} disabled={!ok.ok && n < 0} onChange={() => toggleThen(f)} />
                  {FOLLOW_UP_LABELS[f]}
                  {n >= 0 && <span className="sim-order" aria-label={`step ${n + 1} of the follow-ups`}>{n + 1}</span>}
                </label>
              );
            })}
          </div>
        </fieldset>
      )}
      {missing.length > 0 && <p className="muted sim-missing" role="status">Choose {missing.join(', ')} to plan the flow.</p>}
    </section>
  );
}

function typeLabel(t: string): string {
  return ({ web: 'web', browser: 'single-page', native: 'native', service: 'service' } as Record<string, string>)[t] ?? t;
}

/** A username with suggestions from the directory as the tester types. */
function UserPicker() {
  const username = useSimulator((s) => s.draft.username);
  const setDraft = useSimulator((s) => s.setDraft);
  const [found, setFound] = useState<User[]>([]);
  useEffect(() => {
    const q = username.trim();
    const abort = new AbortController();
    const t = setTimeout(() => {
      api<User[]>(`/users?limit=8${q ? `&q=${encodeURIComponent(q)}` : ''}`, { signal: abort.signal }).then(setFound, () => undefined);
    }, 200);
    return () => {
      clearTimeout(t);
      abort.abort();
    };
  }, [username]);
  return (
    <Field label="User" htmlFor="sim-user" hint="Search the directory by name or login">
      <input id="sim-user" list="sim-user-list" autoComplete="off" value={username} placeholder="ada@example.com" onChange={(e) => setDraft({ username: e.target.value })} />
      <datalist id="sim-user-list">
        {found.map((u) => <option key={u.id} value={u.profile.login}>{[u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ')}</option>)}
      </datalist>
    </Field>
  );
}

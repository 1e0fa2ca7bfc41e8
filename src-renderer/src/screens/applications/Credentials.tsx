import { useState } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer } from '../../api/types';
import { ErrorBanner } from '../../components/ui';
import { METHOD_INFO, draftOf, generateSecret, replaceBody, usesSecret } from './model';
import { ConfirmButton, CopyButton } from './bits';
import type { OidcApp } from './types';

/** The client id and secret (hidden until asked for), how the app authenticates, and where to use them. */
export function CredentialsTab(props: { app: OidcApp; onChanged(): void }) {
  const a = props.app;
  const c = a.credentials.oauthClient;
  const method = c.token_endpoint_auth_method;
  return (
    <div className="detail-layout">
      <div>
        <section className="card" aria-labelledby="cred-h">
          <h2 id="cred-h">Client credentials</h2>
          <div className="cred-list">
            <div className="cred">
              <div className="cred-label" id="client-id-label">Client ID</div>
              <div className="cred-row">
                <code className="cred-value" aria-labelledby="client-id-label" data-testid="client-id">{c.client_id}</code>
                <CopyButton text={c.client_id} label="Copy client ID" />
              </div>
              <p className="field-hint">Not a secret: the app sends it with every request. It names the app; it proves nothing.</p>
            </div>
            {usesSecret(method) && c.client_secret && <Secret app={a} secret={c.client_secret} onChanged={props.onChanged} />}
          </div>
          {method === 'none' && (
            <p className="explain">
              <strong>Public client: no secret; PKCE is required.</strong> The app cannot keep a secret, so it has none. Each sign-in carries a fresh PKCE code verifier instead, which only the app that started the sign-in knows.
            </p>
          )}
          {method === 'private_key_jwt' && (
            <p className="explain">
              <strong>No shared secret.</strong> The app signs a JWT with its own private key; Gatehouse checks it with {a.settings.oauthClient.jwks_uri ? <>the keys at <code>{a.settings.oauthClient.jwks_uri}</code></> : `the ${a.settings.oauthClient.jwks?.keys.length ?? 0} public key(s) registered for the app`}.
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="auth-h">
          <h2 id="auth-h">Client authentication</h2>
          <dl className="kv app-kv">
            <dt>Method</dt>
            <dd><strong>{METHOD_INFO[method]?.label ?? method}</strong> <code>{method}</code><div className="cell-sub">{METHOD_INFO[method]?.about}</div></dd>
            <dt>PKCE</dt>
            <dd>{c.pkce_required ? 'Required: requests without a code_challenge are refused.' : 'Optional: the app may send a code_challenge.'}</dd>
          </dl>
          <p className="muted">Change these on the General tab.</p>
        </section>
      </div>
      <TryIt app={a} />
    </div>
  );
}

function Secret(props: { app: OidcApp; secret: string; onChanged(): void }) {
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<unknown>();
  const [rotated, setRotated] = useState(false);
  const rotate = async () => {
    setError(undefined);
    try {
      await api(`/apps/${props.app.id}`, { method: 'PUT', body: replaceBody(props.app, draftOf(props.app), generateSecret()) });
      setShown(true);
      setRotated(true);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="cred">
      <div className="cred-label" id="secret-label">Client secret</div>
      <div className="cred-row">
        <code className={`cred-value${shown ? '' : ' cred-hidden'}`} aria-labelledby="secret-label" data-testid="client-secret">
          {shown ? props.secret : '•'.repeat(Math.min(32, props.secret.length))}
        </code>
        <button type="button" className="btn btn-secondary btn-small" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
          {shown ? 'Hide' : 'Show'}
        </button>
        <CopyButton text={props.secret} label="Copy client secret" />
      </div>
      <p className="field-hint">Keep it on the server side of the app. Anyone who has it can get tokens as this app.</p>
      {error !== undefined && <ErrorBanner error={error} title="No new secret" />}
      {rotated && <div className="banner banner-ok" role="status"><span>A new secret is in place; the old one no longer works.</span></div>}
      <div className="cred-actions">
        <ConfirmButton
          kind="secondary"
          label="Generate a new secret"
          question="Replace the client secret?"
          consequence="The current secret stops working at once: the app fails to get tokens until it is given the new one."
          confirmLabel="Yes, replace it"
          onConfirm={rotate}
        />
      </div>
    </div>
  );
}

/** Where the credentials go: one authorization server's endpoints and a first request, ready to paste. */
function TryIt(props: { app: OidcApp }) {
  const servers = useApi<AuthServer[]>('/authorizationServers');
  const [chosen, setChosen] = useState<string | undefined>();
  const a = props.app;
  const s = a.settings.oauthClient;
  const c = a.credentials.oauthClient;
  const list = (servers.data ?? []).filter((x) => x.status === 'ACTIVE');
  const server = list.find((x) => x.id === chosen) ?? list.find((x) => x.id === 'default') ?? list[0];
  return (
    <aside className="detail-aside" aria-label="Use these credentials">
      <section className="card">
        <h2>Use them</h2>
        {servers.error !== undefined && <ErrorBanner error={servers.error} title="The authorization servers could not be loaded" />}
        {servers.data && list.length === 0 && <p className="muted">No active authorization server yet.</p>}
        {server && (
          <>
            <label className="inline-select block">
              Authorization server
              <select value={server.id} onChange={(e) => setChosen(e.target.value)}>
                {list.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
              </select>
            </label>
            <dl className="kv app-kv endpoints">
              <dt>Issuer</dt>
              <dd><code>{server.issuer}</code></dd>
              {s.grant_types.some((g) => g === 'authorization_code' || g === 'implicit') && (
                <>
                  <dt>Authorize</dt>
                  <dd><code>{server.issuer}/v1/authorize</code></dd>
                </>
              )}
              <dt>Token</dt>
              <dd><code>{server.issuer}/v1/token</code></dd>
            </dl>
            {s.grant_types.includes('client_credentials') && (c.token_endpoint_auth_method === 'client_secret_basic' || c.token_endpoint_auth_method === 'client_secret_post') && (
              <>
                <p className="snippet-title">A token for the app itself</p>
                <pre className="snippet"><code>{clientCredentialsCurl(server.issuer, c.client_id, c.token_endpoint_auth_method)}</code></pre>
              </>
            )}
            {s.grant_types.includes('authorization_code') && (s.redirect_uris ?? []).length > 0 && (
              <>
                <p className="snippet-title">Start a sign-in (authorization code{c.pkce_required ? ' with PKCE' : ''})</p>
                <pre className="snippet"><code>{authorizeUrl(server.issuer, c.client_id, s.redirect_uris[0]!, c.pkce_required)}</code></pre>
              </>
            )}
            <p className="muted">Whether a token is granted, and with which scopes, is up to the server&apos;s access policies: try it in its Token Preview.</p>
          </>
        )}
      </section>
    </aside>
  );
}

function clientCredentialsCurl(issuer: string, clientId: string, method: string): string {
  const auth = method === 'client_secret_post' ? `  -d client_id=${clientId} -d client_secret="$CLIENT_SECRET" \\\n` : `  -u "${clientId}:$CLIENT_SECRET" \\\n`;
  return `curl -X POST ${issuer}/v1/token \\\n${auth}  -d grant_type=client_credentials \\\n  -d scope=YOUR_SCOPE`;
}

function authorizeUrl(issuer: string, clientId: string, redirect: string, pkce: boolean): string {
  const p = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid profile', redirect_uri: redirect, state: 'STATE' });
  if (pkce) {
    p.set('code_challenge', 'CHALLENGE');
    p.set('code_challenge_method', 'S256');
  }
  return `${issuer}/v1/authorize?${p.toString().replace(/&/g, '\n  &')}`;
}

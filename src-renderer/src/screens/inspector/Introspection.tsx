import { useEffect, useId, useRef, useState } from 'react';
import type { OktaApp } from '../../api/types';
import { Badge, Button } from '../../components/ui';
import { useInspector } from '../../store/inspector';
import { useSession } from '../../store/session';
import type { ServerRef } from './explain';
import { localDate, relative } from './explain';
import { JsonValue } from './JsonValue';
import { callEndpoint, cannotAuthenticate, localUrl, type ClientCreds } from './remote';

export type IntrospectKind = 'access' | 'id' | 'jwt' | 'opaque';

const MEMBER: Record<string, string> = {
  active: 'Whether the server still honours the token',
  token_type: 'Kind of token',
  scope: 'Scopes it grants',
  client_id: 'Client it was issued to',
  username: 'User it was issued for',
  exp: 'Expires',
  iat: 'Issued at',
  nbf: 'Not before',
  sub: 'Subject',
  aud: 'Audience',
  iss: 'Issuer',
  jti: 'Token id',
  uid: 'User id',
  device_id: 'Device',
};

function credsOf(app: OktaApp): ClientCreds {
  const c = app.credentials.oauthClient;
  return { label: app.label, clientId: c.client_id, secret: c.client_secret, method: c.token_endpoint_auth_method };
}

interface Outcome {
  at: number;
  body?: Record<string, unknown>;
  error?: string;
  after?: 'revoke';
}

/**
 * Introspection (RFC 7662) and revocation (RFC 7009) at the chosen server's protocol endpoints, as a
 * client of this workspace: what the server itself says about the token, which the token's text
 * cannot tell (revoked? refresh token still alive?).
 */
export function Introspection(props: { token: string; kind: IntrospectKind; server?: ServerRef; apps?: OktaApp[]; appsError?: boolean; tokenClientId?: string }) {
  const id = useId();
  const orgUrl = useSession((s) => s.info?.orgUrl);
  const chosen = useInspector((s) => s.clientId);
  const setState = useInspector((s) => s.set);
  const [busy, setBusy] = useState<'introspect' | 'revoke' | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [confirming, setConfirming] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);

  // A new token or server: the last answer was about something else.
  useEffect(() => {
    setOutcome(undefined);
    setConfirming(false);
  }, [props.token, props.server?.id]);

  const clientId = chosen ?? props.tokenClientId;
  const app = props.apps?.find((a) => a.credentials.oauthClient.client_id === clientId);
  const creds = app ? credsOf(app) : undefined;
  const blocked = creds ? cannotAuthenticate(creds) : undefined;
  const server = props.server;
  const base = server ? (server.id === null ? `${(orgUrl ?? server.issuer).replace(/\/+$/, '')}/oauth2/v1` : `${server.issuer}/v1`) : undefined;
  const here = typeof window === 'undefined' ? undefined : window.location.origin;

  const call = async (what: 'introspect' | 'revoke') => {
    if (!base || !creds) return;
    const audience = `${base}/${what}`;
    const hint: Record<string, string> = props.kind === 'opaque' ? {} : { token_type_hint: props.kind === 'id' ? 'id_token' : 'access_token' };
    return callEndpoint(localUrl(audience, orgUrl, here), audience, creds, { token: props.token, ...hint });
  };

  const introspect = async (after?: 'revoke') => {
    setBusy('introspect');
    const r = await call('introspect');
    setBusy(undefined);
    if (!r) return;
    setOutcome(r.ok ? { at: Date.now(), body: r.body, after } : { at: Date.now(), error: r.error });
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const revoke = async () => {
    setBusy('revoke');
    const r = await call('revoke');
    setConfirming(false);
    if (!r) return setBusy(undefined);
    if (!r.ok) {
      setBusy(undefined);
      setOutcome({ at: Date.now(), error: `Not revoked: ${r.error}` });
      return;
    }
    await introspect('revoke');
  };

  const now = Math.floor(Date.now() / 1000);
  const body = outcome?.body;

  return (
    <div className="ti-introspect">
      <div className="ti-introspect-form">
        <div className="field">
          <label htmlFor={`${id}-client`}>As the client</label>
          <select
            id={`${id}-client`}
            value={clientId ?? ''}
            onChange={(e) => setState({ clientId: e.target.value || undefined })}
            aria-describedby={`${id}-client-hint`}
            disabled={!props.apps}
          >
            <option value="">{props.apps ? 'Choose a client…' : props.appsError ? 'The apps could not be loaded' : 'Loading the apps…'}</option>
            {props.apps?.map((a) => (
              <option key={a.id} value={a.credentials.oauthClient.client_id}>
                {a.label} ({a.credentials.oauthClient.token_endpoint_auth_method}){a.credentials.oauthClient.client_id === props.tokenClientId ? ' · the token’s client' : ''}
              </option>
            ))}
          </select>
          <p className={blocked ? 'field-error' : 'field-hint'} id={`${id}-client-hint`}>
            {blocked ??
              (props.kind === 'opaque'
                ? 'A refresh token introspects and revokes only for the client that holds it.'
                : props.kind === 'id'
                  ? 'An ID token introspects only for the client it was issued to (its aud); ID tokens are not revoked, they expire.'
                  : 'Any client of this server may introspect an access token; only the client it was issued to may revoke it.')}
          </p>
        </div>
        <div className="ti-introspect-actions">
          <Button kind="primary" onClick={() => void introspect()} disabled={!creds || !!blocked || !base || !!busy}>
            {busy === 'introspect' ? 'Introspecting…' : 'Introspect'}
          </Button>
          {props.kind !== 'id' && (
            <Button kind="danger" onClick={() => setConfirming(true)} disabled={!creds || !!blocked || !base || !!busy || confirming}>
              Revoke…
            </Button>
          )}
        </div>
      </div>
      {!server && <p className="field-error">Choose the authorization server that issued the token (above): introspection asks that server.</p>}
      {server && base && <p className="muted ti-endpoint">POST <code>{base}/introspect</code>{creds ? <> as {creds.label} ({creds.method === 'none' ? 'client_id only: a public client' : creds.method})</> : null}</p>}

      {confirming && creds && server && (
        <div className="ti-confirm" role="alertdialog" aria-labelledby={`${id}-rt`} aria-describedby={`${id}-rd`} onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
          <div>
            <strong id={`${id}-rt`}>Revoke this token?</strong>
            <p id={`${id}-rd`}>
              {creds.label} asks {server.name} to revoke it: it stops working at once, everywhere, and this cannot be undone.
              {props.kind === 'opaque' && ' If it is a refresh token, the access tokens minted from it are revoked too.'}
            </p>
          </div>
          <div className="actions">
            <Button kind="danger" onClick={() => void revoke()} disabled={!!busy}>{busy === 'revoke' ? 'Revoking…' : 'Revoke token'}</Button>
            <Button kind="ghost" onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </div>
      )}

      <div ref={resultRef} tabIndex={-1} className="ti-introspect-result" aria-live="polite">
        {outcome?.error && (
          <div className="banner banner-error" role="alert">
            <strong>The server refused</strong>
            <span>{outcome.error}</span>
          </div>
        )}
        {body && (
          <>
            {outcome.after === 'revoke' && <div className="banner banner-ok" role="status"><strong>Revoked.</strong><span>{server?.name} answered 200; introspecting again:</span></div>}
            <div className={`ti-verdict ${body.active === true ? 'ti-verdict-ok' : 'ti-verdict-off'}`}>
              <Badge tone={body.active === true ? 'good' : 'muted'}>{body.active === true ? 'ACTIVE' : 'INACTIVE'}</Badge>
              <span>
                {body.active === true
                  ? `${server?.name} honours this token${typeof body.exp === 'number' ? ` until ${localDate(body.exp)} (${relative(body.exp, now)})` : ''}.`
                  : `active: false. ${server?.name} does not honour this token: it is expired, revoked, unknown to this server, or (a refresh token) held by another client.`}
              </span>
            </div>
            <dl className="kv ti-kv" aria-label="Introspection response">
              {Object.entries(body).map(([k, v]) => (
                <div key={k} className="ti-kv-row">
                  <dt><code>{k}</code>{MEMBER[k] && <span className="cell-sub"> {MEMBER[k]}</span>}</dt>
                  <dd>
                    <code><JsonValue v={v} /></code>
                    {(k === 'exp' || k === 'iat' || k === 'nbf') && typeof v === 'number' && <span className="cell-sub"> {localDate(v)} ({relative(v, now)})</span>}
                  </dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </div>
    </div>
  );
}

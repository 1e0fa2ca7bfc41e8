import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/use-api';
import type { AuthServer, Claim, OktaApp, Scope } from '../../api/types';
import { Badge, Button, Empty, ErrorBanner, Page } from '../../components/ui';
import { inspectToken, useInspector } from '../../store/inspector';
import { useSession } from '../../store/session';
import { CheckList, KeySourcePicker, ServerPicker, signatureCheck } from './Checks';
import { ClaimsTable, HeaderTable } from './ClaimsTable';
import { analyze, type Analysis, type Note } from './decode';
import { checkAudience, checkIssuer, checkTimes, explainClaims, serverForIssuer, type AppRef, type Check, type ServerRef } from './explain';
import { Introspection, type IntrospectKind } from './Introspection';
import { JsonBlock } from './JsonValue';
import type { Discovered } from './remote';
import { TokenInput } from './TokenInput';
import { useSignature } from './use-signature';
import './inspector.css';

/** The clock, in seconds, moving every 15 s so "expires in 3 min" stays true. */
function useNow(): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const t = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 15_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

const TYPE_LABEL = { access: 'Access token', id: 'ID token', jwt: 'JWT' } as const;

function Notes(props: { notes: Note[] }) {
  if (!props.notes.length) return null;
  return (
    <ul className="ti-notes" aria-label="About this input">
      {props.notes.map((n, i) => (
        <li key={i} className={`ti-note ti-note-${n.tone}`}>{n.text}</li>
      ))}
    </ul>
  );
}

/**
 * The token inspector: paste (or receive from another screen) any token and see it decoded,
 * its signature verified with jose in this window, its issuer, audience and times checked against a
 * server of this workspace, each claim explained, and what the server says of it (introspection).
 */
export function InspectorScreen() {
  const { input, origin, server: serverChoice, keySource, pastedJwks, setInput } = useInspector();
  const orgUrl = useSession((s) => s.info?.orgUrl);
  const analysis = useMemo(() => analyze(input), [input]);
  const now = useNow();

  const serversApi = useApi<AuthServer[]>('/authorizationServers');
  const appsApi = useApi<OktaApp[]>('/apps?limit=200');
  const servers = useMemo<ServerRef[] | undefined>(() => {
    if (!serversApi.data) return undefined;
    const org: ServerRef[] = orgUrl ? [{ id: null, name: 'Org authorization server', issuer: orgUrl.replace(/\/+$/, ''), audiences: [orgUrl.replace(/\/+$/, '')] }] : [];
    return [...org, ...serversApi.data.map((s) => ({ id: s.id, name: s.name, issuer: s.issuer, audiences: s.audiences, status: s.status }))];
  }, [serversApi.data, orgUrl]);
  const apps = useMemo<AppRef[]>(() => (appsApi.data ?? []).map((a) => ({ id: a.id, label: a.label, clientId: a.credentials.oauthClient.client_id })), [appsApi.data]);

  const iss = analysis.kind === 'jwt' ? analysis.payload.iss : undefined;
  const auto = servers ? serverForIssuer(iss, servers) : undefined;
  const server = serverChoice === 'auto' ? auto : servers?.find((s) => (s.id ?? 'org') === serverChoice);

  const claimsApi = useApi<Claim[]>(server?.id ? `/authorizationServers/${encodeURIComponent(server.id)}/claims` : null);
  const scopesApi = useApi<Scope[]>(server?.id ? `/authorizationServers/${encodeURIComponent(server.id)}/scopes` : null);
  const defs = server?.id ? claimsApi.data : undefined;
  const scopes = server?.id ? scopesApi.data : undefined;

  const [fetched, setFetched] = useState<Discovered | undefined>();
  const jwt = analysis.kind === 'jwt' ? analysis : undefined;
  const sig = useSignature(jwt && !jwt.unsigned ? jwt.token : undefined, jwt?.header, keySource, server, pastedJwks, fetched);

  return (
    <Page
      title="Token Inspector"
      subtitle="Paste any token to decode it, verify its signature and see what each claim means. Decoding and verification run in this window; nothing is sent except to this server."
    >
      {origin?.label && (
        <div className="ti-origin" role="status">
          <span>Received from <strong>{origin.label}</strong></span>
        </div>
      )}
      <section className="card ti-input-card" aria-labelledby="ti-token-label">
        <div className="ti-input-head">
          <label id="ti-token-label" htmlFor="ti-token">Token</label>
          <div className="ti-input-tools">
            {analysis.kind === 'jwt' && (
              <span className="ti-legend" aria-hidden="true">
                <span className="ti-legend-item ti-raw-header">Header</span>
                <span className="ti-legend-item ti-raw-payload">Payload</span>
                <span className="ti-legend-item ti-raw-signature">Signature</span>
              </span>
            )}
            <Button kind="ghost" onClick={() => setInput('')} disabled={!input}>Clear</Button>
          </div>
        </div>
        <TokenInput value={input} analysis={analysis} onChange={setInput} />
        <p id="ti-token-hint" className="field-hint ti-hint">A “Bearer ” prefix, quotes and line breaks are removed for you.</p>
        {analysis.kind !== 'empty' && <Summary analysis={analysis} />}
      </section>

      {analysis.kind !== 'empty' && analysis.kind !== 'response' && <Notes notes={analysis.notes} />}
      {serversApi.error !== undefined && <ErrorBanner error={serversApi.error} title="The authorization servers could not be loaded" />}

      {analysis.kind === 'empty' && (
        <Empty title="No token yet">
          Paste an access token, an ID token, a refresh token or a whole token response above. The Simulator sends its tokens here with one click.
        </Empty>
      )}

      {analysis.kind === 'malformed' && (
        <section className="card ti-problem" role="alert" aria-labelledby="ti-problem-title">
          <h2 id="ti-problem-title">{analysis.title}</h2>
          <p>{analysis.detail}</p>
        </section>
      )}

      {analysis.kind === 'response' && (
        <section className="card" aria-labelledby="ti-response-title">
          <h2 id="ti-response-title">A token response with {analysis.tokens.length} token{analysis.tokens.length === 1 ? '' : 's'}</h2>
          <p className="muted">Choose the token to inspect.</p>
          <div className="actions">
            {analysis.tokens.map((t) => (
              <Button key={t.field} onClick={() => inspectToken(t.value, { ...origin, label: `the ${t.field} of the pasted response` })}>Inspect the {t.field}</Button>
            ))}
          </div>
        </section>
      )}

      {analysis.kind === 'jwe' && (
        <section className="card ti-problem ti-problem-info" aria-labelledby="ti-jwe-title">
          <h2 id="ti-jwe-title">An encrypted token (JWE)</h2>
          <p>
            Five parts: header, encrypted key, initialisation vector, ciphertext and authentication tag. Its claims can be read only with the
            recipient's private key, so the inspector cannot show them.
            {analysis.header && typeof analysis.header.alg === 'string' && <> It is encrypted with {String(analysis.header.alg)}{typeof analysis.header.enc === 'string' ? ` and ${analysis.header.enc}` : ''}.</>}
            {' '}Gatehouse, like Okta's authorization servers, mints signed tokens (JWS, three parts), not encrypted ones.
          </p>
          {analysis.header && <JsonBlock obj={analysis.header} label="JWE header" />}
        </section>
      )}

      {analysis.kind === 'opaque' && (
        <>
          <section className="card ti-problem ti-problem-info" aria-labelledby="ti-opaque-title">
            <h2 id="ti-opaque-title">An opaque token</h2>
            <p>
              Not a JWT: a random string ({analysis.token.length} characters) whose meaning only the server that issued it knows, such as a
              refresh token or an opaque access token. Ask that server: introspection says whether it is active, for whom and with which scopes.
            </p>
          </section>
          <IntrospectCard token={analysis.token} kind="opaque" servers={servers} server={server} loading={serversApi.loading} hasIssuer={false} apps={appsApi.data} appsError={appsApi.error !== undefined} clientId={origin?.clientId} />
        </>
      )}

      {jwt && (
        <>
          <section className="card ti-checks" aria-labelledby="ti-checks-title">
            <h2 id="ti-checks-title">Checks</h2>
            <div className="ti-controls">
              <ServerPicker servers={servers} auto={auto} loading={serversApi.loading} hasIssuer={typeof iss === 'string'} />
              <KeySourcePicker fetched={fetched} onFetched={setFetched} />
            </div>
            <CheckList
              label="Checks"
              checks={[
                signatureCheck(sig, jwt.unsigned, server?.id === null && jwt.tokenType === 'access'),
                ...(server ? [checkIssuer(jwt.payload, server, servers ?? []), checkAudience(jwt.payload, jwt.tokenType, server, apps)] : noServerChecks(iss, servers)),
                ...checkTimes(jwt.payload, now),
              ]}
            />
            {sig.notes.length > 0 && <Notes notes={sig.notes.map((text) => ({ tone: 'warn', text }))} />}
          </section>

          <section className="card ti-part ti-part-payload" aria-labelledby="ti-payload-title">
            <h2 id="ti-payload-title"><span className="ti-part-label">Payload</span> {Object.keys(jwt.payload).length} claims</h2>
            {server?.id && claimsApi.error !== undefined && <ErrorBanner error={claimsApi.error} title={`The claim definitions of ${server.name} could not be loaded`} />}
            <ClaimsTable
              label="Claims"
              rows={explainClaims(jwt.payload, jwt.tokenType, now, defs, scopes, apps)}
              serverId={server?.id ?? null}
              serverName={server?.name}
            />
          </section>

          <div className="ti-two">
            <section className="card ti-part ti-part-header" aria-labelledby="ti-header-title">
              <h2 id="ti-header-title"><span className="ti-part-label">Header</span></h2>
              <HeaderTable header={jwt.header} />
            </section>
            <section className="card ti-part ti-part-signature" aria-labelledby="ti-sig-title">
              <h2 id="ti-sig-title"><span className="ti-part-label">Signature</span></h2>
              {jwt.parts[2] ? <code className="ti-sig">{jwt.parts[2]}</code> : <p className="muted">Empty.</p>}
              <p className="muted ti-sig-note">
                {jwt.alg ? `${jwt.alg} over the first two parts (header.payload)` : 'No algorithm'}{jwt.kid ? `, by the key ${jwt.kid}.` : '.'}
              </p>
            </section>
          </div>

          <IntrospectCard
            token={jwt.token}
            kind={jwt.tokenType}
            servers={servers}
            server={server}
            loading={serversApi.loading}
            hasIssuer={typeof iss === 'string'}
            apps={appsApi.data}
            appsError={appsApi.error !== undefined}
            clientId={typeof jwt.payload.cid === 'string' ? jwt.payload.cid : jwt.tokenType === 'id' && typeof jwt.payload.aud === 'string' ? jwt.payload.aud : origin?.clientId}
            noPicker
          />
        </>
      )}
    </Page>
  );
}

function noServerChecks(iss: unknown, servers: ServerRef[] | undefined): Check[] {
  if (!servers) return [];
  return [{
    status: 'warn',
    title: 'Issuer and audience not checked',
    detail: typeof iss === 'string'
      ? `No authorization server of this workspace issues ${iss}. Choose a server above to compare with it anyway.`
      : 'The token names no issuer (iss). Choose a server above to compare with it.',
  }];
}

function Summary(props: { analysis: Exclude<Analysis, { kind: 'empty' }> }) {
  const a = props.analysis;
  if (a.kind === 'jwt') {
    return (
      <div className="ti-summary" aria-label="What this token is">
        <Badge tone={a.tokenType === 'jwt' ? 'muted' : 'info'}>{TYPE_LABEL[a.tokenType]}</Badge>
        {a.unsigned ? <Badge tone="bad">UNSIGNED</Badge> : a.alg && <span className="ti-chip">alg <code>{a.alg}</code></span>}
        {a.kid && <span className="ti-chip">kid <code>{a.kid}</code></span>}
        <span className="muted ti-type-reason">{a.typeReason}</span>
      </div>
    );
  }
  const label = a.kind === 'jwe' ? 'Encrypted (JWE)' : a.kind === 'opaque' ? 'Opaque token' : a.kind === 'response' ? 'Token response' : 'Not a token';
  return (
    <div className="ti-summary" aria-label="What this token is">
      <Badge tone={a.kind === 'malformed' ? 'bad' : 'info'}>{label}</Badge>
    </div>
  );
}

function IntrospectCard(props: { token: string; kind: IntrospectKind; servers?: ServerRef[]; server?: ServerRef; loading: boolean; hasIssuer: boolean; apps?: OktaApp[]; appsError: boolean; clientId?: string; noPicker?: boolean }) {
  return (
    <section className="card" aria-labelledby="ti-introspect-title">
      <h2 id="ti-introspect-title">Introspection and revocation</h2>
      {!props.noPicker && <ServerPicker servers={props.servers} loading={props.loading} hasIssuer={props.hasIssuer} placeholder="Choose the server that issued it…" />}
      <Introspection token={props.token} kind={props.kind} server={props.server} apps={props.apps} appsError={props.appsError} tokenClientId={props.clientId} />
    </section>
  );
}

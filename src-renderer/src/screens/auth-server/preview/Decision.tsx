import { href } from '../../../router';
import { TraceView } from '../../../components/TraceView';
import { CopyButton } from './CopyButton';
import { grantLabel, minutesInWords } from './grants';
import type { PreviewRequest, PreviewResult } from './types';

/** Plain words for the System Log reasons the endpoint records. */
const REASONS: Record<string, string> = {
  no_matching_policy: 'No rule of the policies that apply to this client allows this request.',
  user_not_assigned: 'The user is not assigned to the app, directly or through a group.',
  inactive_user: 'The user is not active.',
  inactive_client: 'The client is inactive (or does not exist).',
  inactive_authorization_server: 'The authorization server is inactive.',
  claim_evaluation_failed: 'A claim expression failed, so no token can be minted.',
  too_many_groups: 'A groups claim matched more than 100 groups.',
};

/**
 * The decision in words: what would be minted and why (the rule, the scopes, the lifetimes), or
 * the exact error the token endpoint would answer; beside it, the trace.
 */
export function DecisionPanel(props: { asId: string; request: PreviewRequest; result: PreviewResult; clientLabel: string; userLabel?: string }) {
  const { result, request } = props;
  const d = result.decision;
  const failedCheck = result.trace.checks.find((c) => !c.ok);
  return (
    <section className="card pm-decision" aria-label="Decision">
      <div className="pm-decision-main">
        <p className="pm-request-line">
          <strong>{props.clientLabel}</strong> · {grantLabel(request.grantType)} grant
          {request.originalGrantType && ` (from ${grantLabel(request.originalGrantType)})`} ·{' '}
          {props.userLabel ? <>user <strong>{props.userLabel}</strong> · </> : 'no user · '}
          {request.scopes?.length ? <>scopes {request.scopes.map((s) => <code key={s}>{s}</code>)}</> : 'the default scopes'}
        </p>
        {result.error ? (
          <>
            <div className="pm-verdict pm-verdict-bad" role="status">
              <span className="pm-verdict-icon" aria-hidden="true">✗</span>
              <div>
                <strong>The token endpoint would refuse this request</strong>
                <div>
                  HTTP {result.error.status} <code className="pm-error-code">{result.error.error}</code>
                </div>
              </div>
            </div>
            <blockquote className="pm-error-text" aria-label="Error description">{result.error.error_description}</blockquote>
            <dl className="kv pm-kv">
              <dt>Why</dt>
              <dd>{failedCheck?.detail ?? (result.error.reason && REASONS[result.error.reason]) ?? 'See the trace.'}</dd>
              {result.error.reason && (<><dt>System Log reason</dt><dd><code>{result.error.reason}</code></dd></>)}
              {d?.rule && (<><dt>Rule</dt><dd><RuleLink asId={props.asId} d={d} /></dd></>)}
            </dl>
            {result.claims && <FailedClaims claims={result.claims} />}
            <div className="pm-response">
              <div className="pm-response-head">
                <span className="muted">The endpoint's answer</span>
                <CopyButton label="Copy error JSON" text={JSON.stringify({ error: result.error.error, error_description: result.error.error_description }, null, 2)} />
              </div>
              <pre className="pm-pre">{JSON.stringify({ error: result.error.error, error_description: result.error.error_description }, null, 2)}</pre>
            </div>
          </>
        ) : d ? (
          <>
            <div className="pm-verdict pm-verdict-good" role="status">
              <span className="pm-verdict-icon" aria-hidden="true">✓</span>
              <div>
                <strong>Tokens would be minted</strong>
                <div>{d.rule ? <>Decided by <RuleLink asId={props.asId} d={d} /></> : 'No policy rule was needed.'}</div>
              </div>
            </div>
            <dl className="kv pm-kv">
              <dt>Granted scopes</dt>
              <dd>
                <span className="chips">{d.scopes.map((s) => <span key={s} className="chip pm-chip-good">{s}</span>)}</span>
                {result.trace.usedDefaultScopes && <div className="cell-sub">No scope was asked for, so the server's default scopes were used.</div>}
              </dd>
              <dt>Access token</dt>
              <dd>{result.tokens.access_token ? `Lives ${minutesInWords(d.lifetimes.accessTokenMinutes)}` : 'Not minted for this response type'}</dd>
              <dt>ID token</dt>
              <dd>
                {result.tokens.id_token
                  ? `Lives ${minutesInWords(d.lifetimes.idTokenMinutes)}`
                  : d.scopes.includes('openid') ? 'Not minted for this response type' : 'Not minted: openid was not granted'}
              </dd>
              <dt>Refresh token</dt>
              <dd><RefreshWords result={result} /></dd>
              <dt>Consent</dt>
              <dd>
                {d.consentScopes.length ? (
                  <>The consent screen would ask for {d.consentScopes.map((s) => <code key={s}>{s}</code>)}</>
                ) : (
                  'No consent screen'
                )}
              </dd>
            </dl>
            {!request.responseType && <TokenResponse result={result} />}
          </>
        ) : null}
      </div>
      <div className="pm-decision-trace">
        <h2>How it was decided</h2>
        <TraceView trace={result.trace} />
      </div>
    </section>
  );
}

/** The token endpoint's JSON answer, with the tokens (shown below) as placeholders. */
function TokenResponse(props: { result: PreviewResult }) {
  const { tokens, decision } = props.result;
  const body = {
    token_type: 'Bearer',
    expires_in: decision!.lifetimes.accessTokenMinutes * 60,
    ...(tokens.access_token ? { access_token: '<the access token below, signed>' } : {}),
    scope: decision!.scopes.join(' '),
    ...(tokens.refresh_token ? { refresh_token: '<an opaque refresh token>' } : {}),
    ...(tokens.id_token ? { id_token: '<the ID token below, signed>' } : {}),
  };
  const text = JSON.stringify(body, null, 2);
  return (
    <div className="pm-response">
      <div className="pm-response-head">
        <span className="muted">The token endpoint's answer</span>
        <CopyButton label="Copy response JSON" text={text} />
      </div>
      <pre className="pm-pre">{text}</pre>
    </div>
  );
}

function RuleLink(props: { asId: string; d: NonNullable<PreviewResult['decision']> }) {
  const { policy, rule } = props.d;
  if (!rule || !policy) return null;
  return (
    <>
      the rule <a href={href('authorization-servers', props.asId, 'policies', policy.id, rule.id)} className="pm-rule-link">{rule.name}</a> of the policy{' '}
      <a href={href('authorization-servers', props.asId, 'policies', policy.id)}>{policy.name}</a>
    </>
  );
}

function RefreshWords(props: { result: PreviewResult }) {
  const d = props.result.decision!;
  const rt = props.result.tokens.refresh_token;
  if (rt) {
    const life = rt.lifetimeMinutes === 0 ? 'never expires' : `expires after ${minutesInWords(rt.lifetimeMinutes)}`;
    return <>Issued; {life}, or after {minutesInWords(rt.windowMinutes)} unused</>;
  }
  if (!d.scopes.includes('offline_access')) return <>Not issued (ask for <code>offline_access</code> to get one)</>;
  return <>Not issued: the client needs the Refresh Token grant, and the grant must allow refresh tokens</>;
}

function FailedClaims(props: { claims: NonNullable<PreviewResult['claims']> }) {
  const broken = props.claims.filter((c) => c.error);
  if (!broken.length) return null;
  return (
    <div className="banner banner-error">
      {broken.map((c) => (
        <span key={c.claim}>
          The claim <code>{c.claim}</code>{c.expression && <> (<code>{c.expression}</code>)</>} failed: {c.error}
        </span>
      ))}
    </div>
  );
}

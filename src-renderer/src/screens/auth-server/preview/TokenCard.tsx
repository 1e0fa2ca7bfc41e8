import { useState, type ReactNode } from 'react';
import { href } from '../../../router';
import { CopyButton } from './CopyButton';
import type { ClaimSource, TokenView } from './types';

/** What each claim the server sets means (reference §3). */
const MEANINGS: Record<string, string> = {
  ver: 'Token format version',
  jti: 'Unique id of this token',
  iss: 'Issuer: this authorization server',
  aud: 'Audience: who the token is for',
  iat: 'Issued at',
  exp: 'Expires at',
  cid: 'Client id of the app that asked',
  uid: 'User id',
  scp: 'Granted scopes',
  sub: 'Subject',
  auth_time: 'When the user signed in',
  amr: 'How the user signed in',
  idp: 'Identity provider (this org)',
  nonce: 'The nonce of the request, echoed',
  at_hash: 'Hash of the access token',
  c_hash: 'Hash of the authorization code',
  name: 'Full name',
  preferred_username: 'Login',
  email: 'Email address',
  email_verified: 'Whether the email is verified',
};

/** Which scope releases each OpenID Connect standard claim. */
const STANDARD_SCOPE: Record<string, string> = {
  name: 'profile', family_name: 'profile', given_name: 'profile', middle_name: 'profile', nickname: 'profile', preferred_username: 'profile',
  profile: 'profile', picture: 'profile', website: 'profile', gender: 'profile', birthdate: 'profile', zoneinfo: 'profile', locale: 'profile',
  updated_at: 'profile', email: 'email', email_verified: 'email', address: 'address', phone_number: 'phone', phone_number_verified: 'phone',
};

const TIME_CLAIMS = new Set(['iat', 'exp', 'auth_time', 'nbf', 'updated_at']);

type Kind = 'system' | 'standard' | 'definition';

export function sourceKind(s: ClaimSource | undefined): Kind {
  return s?.source ?? 'system';
}

/** Where a claim came from, in one sentence (the row's tooltip). */
export function sourceSentence(s: ClaimSource | undefined): string {
  if (!s) return 'Set by the authorization server.';
  if (s.source === 'definition') {
    return s.valueType === 'GROUPS'
      ? `From the claim definition "${s.claim}": the user's groups matching the filter "${s.expression ?? ''}".`
      : `From the claim definition "${s.claim}": the expression ${s.expression ?? ''}.`;
  }
  if (s.source === 'standard') return `An OpenID Connect standard claim, from the user's profile${STANDARD_SCOPE[s.claim] ? `, released by the ${STANDARD_SCOPE[s.claim]} scope` : ''}.`;
  return s.expression ? `Set by the authorization server (system claim), from ${s.expression}.` : 'Set by the authorization server.';
}

function SourceCell(props: { s: ClaimSource | undefined; asId: string }) {
  const s = props.s;
  if (s?.source === 'definition') {
    return (
      <>
        <span className="pm-src-label">Claim <a href={href('authorization-servers', props.asId, 'claims')}>“{s.claim}”</a></span>
        {s.valueType === 'GROUPS' ? (
          <span className="pm-src-expr">groups matching <code>{s.expression}</code></span>
        ) : (
          <code className="pm-src-expr">{s.expression}</code>
        )}
      </>
    );
  }
  if (s?.source === 'standard') {
    return (
      <>
        <span className="pm-src-label">OIDC standard claim</span>
        <span className="pm-src-expr muted">user profile{STANDARD_SCOPE[s.claim] ? ` · ${STANDARD_SCOPE[s.claim]} scope` : ''}</span>
      </>
    );
  }
  return (
    <>
      <span className="pm-src-label">Authorization server</span>
      {s?.expression && <code className="pm-src-expr">{s.expression}</code>}
    </>
  );
}

/** A JSON value, coloured by type. */
function Value(props: { v: unknown }): ReactNode {
  const v = props.v;
  if (v === null) return <span className="pm-j-null">null</span>;
  if (typeof v === 'string') return <span className="pm-j-str">"{v}"</span>;
  if (typeof v === 'number') return <span className="pm-j-num">{v}</span>;
  if (typeof v === 'boolean') return <span className="pm-j-bool">{String(v)}</span>;
  if (Array.isArray(v)) {
    return (
      <span>
        [{v.map((x, i) => <span key={i}>{i > 0 && ', '}<Value v={x} /></span>)}]
      </span>
    );
  }
  return <span className="pm-j-str">{JSON.stringify(v)}</span>;
}

function when(v: unknown): string | undefined {
  if (typeof v !== 'number') return undefined;
  return new Date(v * 1000).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `{ "key": value, ... }` with each key coloured by where the claim came from. */
function JsonBlock(props: { obj: Record<string, unknown>; sources?: Map<string, ClaimSource> }) {
  const entries = Object.entries(props.obj);
  return (
    <pre className="pm-pre pm-json">
      {'{\n'}
      {entries.map(([k, v], i) => {
        const s = props.sources?.get(k);
        return (
          <span key={k} title={props.sources ? sourceSentence(s) : undefined}>
            {'  '}
            <span className={props.sources ? `pm-key pm-src-${sourceKind(s)}` : 'pm-key'}>"{k}"</span>: <Value v={v} />
            {i < entries.length - 1 ? ',' : ''}
            {'\n'}
          </span>
        );
      })}
      {'}'}
    </pre>
  );
}

/**
 * One token, decoded and colour-coded like a JWT: header, payload (each claim with where it came
 * from), signature; then the claim definitions that were left out, and why.
 */
export function TokenCard(props: { title: string; token: TokenView; asId: string }) {
  const [view, setView] = useState<'claims' | 'json'>('claims');
  const t = props.token;
  const sources = new Map<string, ClaimSource>();
  for (const c of t.claims) if (!c.omitted && !c.error) sources.set(c.claim, c);
  const left = t.claims.filter((c) => c.omitted || c.error);
  const id = props.title.toLowerCase().replace(/\s+/g, '-');
  return (
    <section className="card pm-token" aria-labelledby={`${id}-title`}>
      <header className="pm-token-head">
        <div>
          <h2 id={`${id}-title`}>{props.title}</h2>
          <span className="muted">JWT · {String(t.header.alg)} · {Object.keys(t.payload).length} claims</span>
        </div>
        <div className="pm-token-actions">
          <div className="pm-seg" role="group" aria-label={`${props.title} view`}>
            <button type="button" aria-pressed={view === 'claims'} onClick={() => setView('claims')}>Claims</button>
            <button type="button" aria-pressed={view === 'json'} onClick={() => setView('json')}>JSON</button>
          </div>
          <CopyButton label="Copy payload" title={`Copy the ${props.title.toLowerCase()}'s payload as JSON`} text={JSON.stringify(t.payload, null, 2)} />
          <CopyButton label="Copy JSON" title={`Copy the ${props.title.toLowerCase()}'s header and payload as JSON`} text={JSON.stringify({ header: t.header, payload: t.payload }, null, 2)} />
        </div>
      </header>

      <div className="pm-jwt-part pm-jwt-header">
        <div className="pm-part-label">Header</div>
        <JsonBlock obj={t.header} />
      </div>

      <div className="pm-jwt-part pm-jwt-payload">
        <div className="pm-part-label">Payload</div>
        {view === 'json' ? (
          <JsonBlock obj={t.payload} sources={sources} />
        ) : (
          <table className="pm-claims" aria-label={`${props.title} claims`}>
            <thead>
              <tr><th>Claim</th><th>Value</th><th>Where it comes from</th></tr>
            </thead>
            <tbody>
              {Object.entries(t.payload).map(([k, v]) => {
                const s = sources.get(k);
                return (
                  <tr key={k} className={`pm-src-row pm-src-${sourceKind(s)}`} title={sourceSentence(s)}>
                    <td>
                      <code className="pm-claim-name">{k}</code>
                      {MEANINGS[k] && <div className="cell-sub">{MEANINGS[k]}</div>}
                    </td>
                    <td className="pm-claim-value">
                      <code><Value v={v} /></code>
                      {TIME_CLAIMS.has(k) && <div className="cell-sub">{when(v)}</div>}
                    </td>
                    <td><div className="pm-claim-source"><SourceCell s={s} asId={props.asId} /></div></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      <div className="pm-jwt-part pm-jwt-sig">
        <div className="pm-part-label">Signature</div>
        <p className="muted pm-sig-text">Not shown: the preview mints nothing. The token endpoint signs with the key <code>{String(t.header.kid)}</code>.</p>
      </div>

      {left.length > 0 && (
        <div className="pm-left-out">
          <h3>Claim definitions left out of this token</h3>
          <ul>
            {left.map((c) => (
              <li key={c.claim} className={c.error ? 'pm-left-error' : undefined}>
                <code>{c.claim}</code>
                {c.expression && <span className="muted"> ({c.valueType === 'GROUPS' ? 'groups matching ' : ''}<code>{c.expression}</code>)</span>}: {c.error ?? c.omitted}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function SourceLegend() {
  return (
    <p className="pm-legend" aria-label="Colours of the claims">
      <span className="pm-legend-item"><span className="pm-dot pm-src-system" aria-hidden="true" /> Set by the authorization server</span>
      <span className="pm-legend-item"><span className="pm-dot pm-src-standard" aria-hidden="true" /> OpenID Connect standard claim</span>
      <span className="pm-legend-item"><span className="pm-dot pm-src-definition" aria-hidden="true" /> Your claim definition (expression)</span>
    </p>
  );
}

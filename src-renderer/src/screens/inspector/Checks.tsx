import { useId, useState } from 'react';
import { Button } from '../../components/ui';
import { useInspector, type KeySource } from '../../store/inspector';
import { useSession } from '../../store/session';
import type { Check, ServerRef } from './explain';
import { discoverJwks, localUrl, relayFetch, type Discovered } from './remote';
import type { SignatureState } from './use-signature';
import { parseJwks } from './verify';

const ICON: Record<Check['status'], string> = { ok: '✓', bad: '✕', warn: '!', info: 'i' };

export function CheckList(props: { checks: Check[]; label: string }) {
  return (
    <ul className="ti-check-list" aria-label={props.label}>
      {props.checks.map((c, i) => (
        <li key={i} className={`ti-check ti-check-${c.status}`}>
          <span className="ti-check-icon" aria-hidden="true">{ICON[c.status]}</span>
          <div>
            <strong>{c.title}</strong>
            {c.detail && <div className="ti-check-detail">{c.detail}</div>}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The authorization server to compare with: automatic (by iss), the org server, or a custom one. */
export function ServerPicker(props: { servers: ServerRef[] | undefined; auto?: ServerRef; loading: boolean; hasIssuer: boolean; placeholder?: string }) {
  const id = useId();
  const server = useInspector((s) => s.server);
  const set = useInspector((s) => s.set);
  const autoLabel = props.placeholder ?? (props.auto ? `Automatic: ${props.auto.name} (its issuer is the token's iss)` : props.hasIssuer ? 'Automatic: no server here issues this iss' : 'Automatic: the token names no issuer');
  return (
    <div className="field ti-server-field">
      <label htmlFor={`${id}-as`}>Authorization server</label>
      <select id={`${id}-as`} value={server} onChange={(e) => set({ server: e.target.value })} disabled={!props.servers}>
        <option value="auto">{props.loading ? 'Loading the servers…' : autoLabel}</option>
        {props.servers?.map((s) => (
          <option key={s.id ?? 'org'} value={s.id ?? 'org'}>
            {s.name}{s.status === 'INACTIVE' ? ' (inactive)' : ''} · {s.issuer}
          </option>
        ))}
      </select>
    </div>
  );
}

const SOURCES: { id: KeySource; label: string }[] = [
  { id: 'workspace', label: "This workspace's keys" },
  { id: 'pasted', label: 'A pasted JWKS' },
  { id: 'issuer', label: "An issuer's published keys" },
];

/** Where the public keys come from, and their inputs. */
export function KeySourcePicker(props: { fetched?: Discovered; onFetched(d: Discovered | undefined): void }) {
  const id = useId();
  const { keySource, pastedJwks, issuerUrl, set } = useInspector();
  const orgUrl = useSession((s) => s.info?.orgUrl);
  const [busy, setBusy] = useState(false);
  const [fetchError, setFetchError] = useState<string | undefined>();
  const pastedIssue = keySource === 'pasted' && pastedJwks.trim() ? (() => {
    const r = parseJwks(pastedJwks);
    return 'error' in r ? r.error : undefined;
  })() : undefined;

  const fetchKeys = async () => {
    setBusy(true);
    setFetchError(undefined);
    props.onFetched(undefined);
    const r = await discoverJwks(issuerUrl, relayFetch, (u) => localUrl(u, orgUrl, window.location.origin));
    setBusy(false);
    if (r.ok) props.onFetched(r.value);
    else setFetchError(r.error);
  };

  return (
    <div className="ti-keys">
      <fieldset className="ti-seg-field">
        <legend>Verify the signature with</legend>
        <div className="ti-seg" role="radiogroup" aria-label="Verify the signature with">
          {SOURCES.map((s) => (
            <label key={s.id} className={keySource === s.id ? 'ti-seg-on' : undefined}>
              <input type="radio" name={`${id}-src`} value={s.id} checked={keySource === s.id} onChange={() => set({ keySource: s.id })} />
              {s.label}
            </label>
          ))}
        </div>
      </fieldset>
      {keySource === 'pasted' && (
        <div className={`field${pastedIssue ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-jwks`}>JWKS</label>
          <textarea id={`${id}-jwks`} className="ti-jwks" spellCheck={false} value={pastedJwks} placeholder='{"keys": [{"kty": "RSA", "kid": "…", "n": "…", "e": "AQAB"}]}' onChange={(e) => set({ pastedJwks: e.target.value })} aria-describedby={`${id}-jwks-msg`} />
          {pastedIssue ? <p className="field-error" id={`${id}-jwks-msg`} role="alert">{pastedIssue}</p> : <p className="field-hint" id={`${id}-jwks-msg`}>The public keys, as an issuer publishes them at its jwks_uri. Nothing is sent anywhere.</p>}
        </div>
      )}
      {keySource === 'issuer' && (
        <form
          className={`field${fetchError ? ' field-invalid' : ''}`}
          onSubmit={(e) => {
            e.preventDefault();
            void fetchKeys();
          }}
        >
          <label htmlFor={`${id}-iss`}>Issuer URL</label>
          <div className="ti-inline">
            <input id={`${id}-iss`} type="url" value={issuerUrl} placeholder="https://example.okta.com/oauth2/default" onChange={(e) => { set({ issuerUrl: e.target.value }); setFetchError(undefined); }} aria-describedby={`${id}-iss-msg`} />
            <Button type="submit" disabled={busy || !issuerUrl.trim()}>{busy ? 'Fetching…' : 'Fetch keys'}</Button>
          </div>
          {fetchError ? (
            <p className="field-error" id={`${id}-iss-msg`} role="alert">{fetchError}</p>
          ) : props.fetched ? (
            <p className="field-hint" id={`${id}-iss-msg`}>{props.fetched.jwks.keys.length} key{props.fetched.jwks.keys.length === 1 ? '' : 's'} from {props.fetched.jwksUri}</p>
          ) : (
            <p className="field-hint" id={`${id}-iss-msg`}>The inspector reads the issuer's discovery document, then the keys at its jwks_uri. Only this URL is contacted.</p>
          )}
        </form>
      )}
    </div>
  );
}

/** The signature's verdict as one check. */
export function signatureCheck(sig: SignatureState, unsigned: boolean, orgAccessToken: boolean): Check {
  if (unsigned) return { status: 'bad', title: 'Not signed (alg: none)', detail: 'There is no signature: anyone could have written this token. Every verifier must reject it.' };
  if (sig.busy) return { status: 'info', title: 'Verifying the signature…' };
  if (sig.keysError) return { status: 'warn', title: 'Signature not checked', detail: sig.keysError };
  const o = sig.outcome;
  if (!o) return { status: 'info', title: 'Signature not checked yet' };
  if (o.ok) return { status: 'ok', title: `Signature verified with key ${o.kid ?? `#${o.keyIndex + 1} (no kid)`}`, detail: `${o.alg}, against ${sig.source}` };
  const extra = orgAccessToken && o.reason === 'no-kid-match'
    ? ' The org authorization server signs its access tokens with a key it does not publish (Okta documents them as opaque): only the org itself can check them, by introspection below.'
    : '';
  return { status: 'bad', title: o.title, detail: `${o.detail}${extra}` };
}

import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { ApiError } from '../../api/client';
import { Field } from '../../components/ui';
import {
  ALLOWED_GRANTS, COMMON_GRANTS, F, GRANT_INFO, METHOD_INFO,
  causesFor, checkDraft, hasIssues, isPlaced, methodsFor, needsRedirect, placeUriCauses, usesSecret,
  type Draft,
} from './model';
import { UriList } from './UriList';
import type { AuthMethod } from './types';

/*
 * The OAuth settings of an app, shared by the create forms and the app's General tab: every check
 * the server makes runs as the user types (shown once a field has been left, or on submit), and the
 * server's own causes appear beside their field for as long as that field still holds what was sent.
 */

type UriKind = 'redirect' | 'logout';
const URI_FIELD: Record<UriKind, string> = { redirect: F.redirects, logout: F.logouts };
const URI_ROWS: Record<UriKind, 'redirectUris' | 'logoutUris'> = { redirect: 'redirectUris', logout: 'logoutUris' };

function partOf(d: Draft, key: string): unknown {
  switch (key) {
    case F.label: return d.label;
    case F.clientId: return d.clientId;
    case F.method: return d.method;
    case F.pkce: return [d.pkce, d.method];
    case F.grants: return d.grants;
    case F.rotation: return [d.rotation, d.method, d.grants.includes('refresh_token')];
    case F.consent: return d.consent;
    default: return d;
  }
}

export interface DraftForm {
  draft: Draft;
  mode: 'create' | 'edit';
  set(patch: Partial<Draft>): void;
  touch(key: string): void;
  errorOf(key: string): string | undefined;
  rowErrors(kind: UriKind): (string | undefined)[];
  listError(kind: UriKind): string | undefined;
  /** Marks every field as visited; true when the draft is fit to send. */
  submit(): boolean;
  failed(error: ApiError | undefined, sent?: Draft): void;
  serverError?: ApiError;
  /** Counts refused submits (here or by the server): the form moves the focus to the first error after each. */
  refusals: number;
  dirty: boolean;
  reset(to: Draft): void;
}

export function useDraftForm(initial: Draft, mode: 'create' | 'edit'): DraftForm {
  const [draft, setDraft] = useState(initial);
  const [base, setBase] = useState(initial);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<{ error: ApiError; sent: Draft } | undefined>();
  const [refusals, setRefusals] = useState(0);
  const local = useMemo(() => checkDraft(draft, mode), [draft, mode]);
  const shown = (key: string) => submitted || touched.has(key);
  const unchanged = (key: string) => !!server && JSON.stringify(partOf(draft, key)) === JSON.stringify(partOf(server.sent, key));

  const placedServerRows = (kind: UriKind) => {
    if (!server) return { byValue: new Map<string, string>(), list: undefined as string | undefined };
    const sentRows = server.sent[URI_ROWS[kind]];
    const placed = placeUriCauses(server.error, URI_FIELD[kind], sentRows);
    const byValue = new Map<string, string>();
    placed.rows.forEach((msg, i) => {
      if (msg) byValue.set(sentRows[i]!.trim(), msg);
    });
    return { byValue, list: placed.list };
  };

  return {
    draft,
    mode,
    set: (patch) => setDraft((d) => ({ ...d, ...patch })),
    touch: (key) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key))),
    errorOf(key) {
      const mine = shown(key) ? local.fields[key] : undefined;
      if (mine) return mine;
      if (!unchanged(key)) return undefined;
      const theirs = causesFor(server!.error, key).map((c) => (key === F.clientId && /already exists/.test(c.message) ? 'Another application already uses this client ID.' : c.message));
      return theirs.length ? theirs.join(' ') : undefined;
    },
    rowErrors(kind) {
      const rows = draft[URI_ROWS[kind]];
      const mine = kind === 'redirect' ? local.redirectRows : local.logoutRows;
      const { byValue } = placedServerRows(kind);
      return rows.map((r, i) => (shown(`${URI_FIELD[kind]}#${i}`) ? mine[i] : undefined) ?? byValue.get(r.trim()));
    },
    listError(kind) {
      const mine = shown(URI_FIELD[kind]) ? local.fields[URI_FIELD[kind]] : undefined;
      if (mine) return mine;
      const { list } = placedServerRows(kind);
      return list && server && JSON.stringify(server.sent[URI_ROWS[kind]]) === JSON.stringify(draft[URI_ROWS[kind]]) ? list : undefined;
    },
    submit() {
      setSubmitted(true);
      const ok = !hasIssues(local);
      if (!ok) setRefusals((n) => n + 1);
      return ok;
    },
    failed(error, sent) {
      setServer(error ? { error, sent: sent ?? draft } : undefined);
      if (error) setRefusals((n) => n + 1);
    },
    serverError: server?.error,
    refusals,
    dirty: JSON.stringify(draft) !== JSON.stringify(base),
    reset(to) {
      setDraft(to);
      setBase(to);
      setTouched(new Set());
      setSubmitted(false);
      setServer(undefined);
    },
  };
}

/** After each refused submit, takes the user to the first field with an error (or to the banner when no field has one). */
export function useFocusFirstError(ref: RefObject<HTMLFormElement | null>, form: DraftForm): void {
  useEffect(() => {
    if (!form.refusals) return;
    const el = ref.current;
    const err = el?.querySelector<HTMLElement>('.field-error');
    const input = err?.closest('.field, .uri-row, fieldset, .choice')?.querySelector<HTMLElement>('input:not(:disabled), select');
    if (input) input.focus();
    else el?.querySelector<HTMLElement>('[role="alert"]')?.scrollIntoView({ block: 'center' });
  }, [form.refusals, ref]);
}

/** The form's error banner: only what is not already shown beside a field. */
export function DraftFormError(props: { form: DraftForm; fields: string[]; title: string }) {
  const e = props.form.serverError;
  if (!e) return null;
  const rest = e.causes.filter((c) => !isPlaced(c, props.fields));
  const named = [...new Set(props.fields.filter((f) => e.causes.some((c) => isPlaced(c, [f]))).map((f) => FIELD_NAMES[f] ?? f))];
  return (
    <div className="banner banner-error" role="alert">
      <strong>{props.title}</strong>
      {rest.length > 0 && <span>{rest.join('; ')}</span>}
      {named.length > 0 && <span>The server refused {named.join(', ')}: see beside {named.length === 1 ? 'the field' : 'each field'}.</span>}
      {e.causes.length === 0 && <span>{e.summary}</span>}
    </div>
  );
}

const FIELD_NAMES: Record<string, string> = {
  [F.label]: 'the name',
  [F.clientId]: 'the client ID',
  [F.grants]: 'the grant types',
  [F.method]: 'the authentication method',
  [F.pkce]: 'the PKCE setting',
  [F.rotation]: 'the refresh token setting',
  [F.consent]: 'the consent setting',
  [F.redirects]: 'a sign-in redirect URI',
  [F.logouts]: 'a sign-out URI',
  [F.secret]: 'the client secret',
};

const URI_HINTS: Record<Draft['type'], { placeholder: string; hint: string }> = {
  web: { placeholder: 'https://app.example.com/authorization-code/callback', hint: 'Where users come back after signing in, on your server. https only, except on localhost while developing.' },
  browser: { placeholder: 'http://localhost:5173/login/callback', hint: "Your app's callback route. https only, except on localhost and 127.0.0.1 while developing." },
  native: { placeholder: 'com.example.app:/callback', hint: 'A custom scheme you own, in reverse-domain form (RFC 8252 §7.1), e.g. com.example.app:/callback, or a loopback address for desktop and command-line apps, e.g. http://127.0.0.1:8765/callback.' },
  service: { placeholder: '', hint: '' },
};

/** The fields the settings sections show, as the server names them (for placing its causes). */
export function fieldKeys(d: Draft, mode: 'create' | 'edit'): string[] {
  const out: string[] = [F.label, F.grants, F.method, F.pkce, F.rotation, F.consent, F.redirects, F.logouts];
  if (mode === 'create') out.push(F.clientId);
  if (usesSecret(d.method)) out.push(F.secret);
  return out;
}

/** Sign-in URIs, grant types and client authentication. */
export function ClientFields(props: { form: DraftForm; idPrefix: string }) {
  const { form, idPrefix: p } = props;
  const d = form.draft;
  const showUris = d.type !== 'service' && (needsRedirect(d.grants) || d.redirectUris.some((u) => u.trim()) || d.logoutUris.length > 0 || form.mode === 'create');
  return (
    <>
      {showUris && (
        <section className="app-section" aria-labelledby={`${p}-uris-h`}>
          <h3 id={`${p}-uris-h`}>Sign-in and sign-out</h3>
          <UriList
            id={`${p}-redirect`}
            label="Sign-in redirect URIs"
            item="Redirect URI"
            required={needsRedirect(d.grants)}
            hint={URI_HINTS[d.type].hint}
            placeholder={URI_HINTS[d.type].placeholder}
            rows={d.redirectUris}
            rowErrors={form.rowErrors('redirect')}
            listError={form.listError('redirect')}
            onChange={(rows) => form.set({ redirectUris: rows })}
            onBlurRow={(i) => {
              form.touch(`${F.redirects}#${i}`);
              form.touch(F.redirects);
            }}
          />
          <UriList
            id={`${p}-logout`}
            label="Sign-out redirect URIs"
            item="Sign-out URI"
            hint="Where the logout endpoint may send users afterwards (post_logout_redirect_uri). Optional."
            placeholder={d.type === 'native' ? 'com.example.app:/signed-out' : d.type === 'browser' ? 'http://localhost:5173/' : 'https://app.example.com/'}
            rows={d.logoutUris}
            rowErrors={form.rowErrors('logout')}
            listError={form.listError('logout')}
            onChange={(rows) => form.set({ logoutUris: rows })}
            onBlurRow={(i) => form.touch(`${F.logouts}#${i}`)}
          />
        </section>
      )}
      <GrantTypes form={form} idPrefix={p} />
      <ClientAuth form={form} idPrefix={p} />
      <TokensAndConsent form={form} idPrefix={p} />
    </>
  );
}

function GrantTypes(props: { form: DraftForm; idPrefix: string }) {
  const { form, idPrefix: p } = props;
  const d = form.draft;
  const allowed = ALLOWED_GRANTS[d.type];
  const common = COMMON_GRANTS[d.type];
  const more = allowed.filter((g) => !common.includes(g));
  const extra = d.grants.filter((g) => !allowed.includes(g));
  const err = form.errorOf(F.grants);
  const toggle = (g: string, on: boolean) => {
    form.touch(F.grants);
    const grants = on ? [...d.grants, g] : d.grants.filter((x) => x !== g);
    form.set({ grants: allowed.filter((x) => grants.includes(x)).concat(grants.filter((x) => !allowed.includes(x))) });
  };
  const box = (g: string) => {
    const id = `${p}-grant-${g.replace(/[^a-z]/gi, '-')}`;
    return (
      <div className="choice" key={g}>
        <input type="checkbox" id={id} checked={d.grants.includes(g)} onChange={(e) => toggle(g, e.target.checked)} aria-describedby={`${id}-about`} />
        <div>
          <label htmlFor={id}>{GRANT_INFO[g]?.label ?? g}</label>
          <p id={`${id}-about`} className="choice-about">{GRANT_INFO[g]?.about ?? ''}</p>
        </div>
      </div>
    );
  };
  return (
    <section className="app-section" aria-labelledby={`${p}-grants-h`}>
      <h3 id={`${p}-grants-h`}>Grant types</h3>
      <fieldset className={`choices${err ? ' field-invalid' : ''}`} aria-describedby={err ? `${p}-grants-error` : undefined}>
        <legend className="sr-only">Grant types</legend>
        {common.map(box)}
        {more.length > 0 && (
          <details className="more" open={d.grants.some((g) => more.includes(g)) || undefined}>
            <summary>More grant types ({more.length})</summary>
            {more.map(box)}
          </details>
        )}
        {extra.map(box)}
      </fieldset>
      {err && <p className="field-error" id={`${p}-grants-error`} role="alert">{err}</p>}
    </section>
  );
}

function ClientAuth(props: { form: DraftForm; idPrefix: string }) {
  const { form, idPrefix: p } = props;
  const d = form.draft;
  const methods = methodsFor(d.type, d.method);
  const methodErr = form.errorOf(F.method);
  const pkceErr = form.errorOf(F.pkce);
  const setMethod = (m: AuthMethod) => {
    form.touch(F.method);
    form.set(m === 'none' ? { method: m, pkce: true, rotation: 'ROTATE' } : { method: m });
  };
  const isPublic = d.method === 'none';
  return (
    <section className="app-section" aria-labelledby={`${p}-auth-h`}>
      <h3 id={`${p}-auth-h`}>Client authentication</h3>
      {d.type === 'browser' ? (
        <p className="explain"><strong>Public client: no secret; PKCE is required.</strong> A single-page app runs in its users' browsers, where a secret could be read by anyone, so it proves each code exchange with PKCE instead.</p>
      ) : (
        <fieldset className={`choices${methodErr ? ' field-invalid' : ''}`}>
          <legend>How the app proves itself at the token endpoint</legend>
          {methods.map((m) => {
            const id = `${p}-method-${m}`;
            return (
              <div className="choice" key={m}>
                <input type="radio" name={`${p}-method`} id={id} checked={d.method === m} onChange={() => setMethod(m)} aria-describedby={`${id}-about`} />
                <div>
                  <label htmlFor={id}>{METHOD_INFO[m].label}</label>
                  <p id={`${id}-about`} className="choice-about">{METHOD_INFO[m].about}</p>
                </div>
              </div>
            );
          })}
          {methodErr && <p className="field-error" role="alert">{methodErr}</p>}
        </fieldset>
      )}
      {d.type !== 'service' && (
        <div className={`choice${pkceErr ? ' field-invalid' : ''}`}>
          <input type="checkbox" id={`${p}-pkce`} checked={isPublic || d.pkce} disabled={isPublic} onChange={(e) => { form.touch(F.pkce); form.set({ pkce: e.target.checked }); }} aria-describedby={`${p}-pkce-about`} />
          <div>
            <label htmlFor={`${p}-pkce`}>Require PKCE</label>
            <p id={`${p}-pkce-about`} className="choice-about">
              {isPublic ? 'Always on for a public client: without a secret, PKCE is what stops a stolen code from being used.' : 'Recommended for every client (RFC 9700 §2.1.1): a stolen authorization code is useless without the verifier.'}
            </p>
            {pkceErr && <p className="field-error" role="alert">{pkceErr}</p>}
          </div>
        </div>
      )}
    </section>
  );
}

function TokensAndConsent(props: { form: DraftForm; idPrefix: string }) {
  const { form, idPrefix: p } = props;
  const d = form.draft;
  const rotationErr = form.errorOf(F.rotation);
  const consentErr = form.errorOf(F.consent);
  const isPublic = d.method === 'none';
  const refresh = d.grants.includes('refresh_token');
  if (!refresh && d.type === 'service') return null;
  return (
    <section className="app-section" aria-labelledby={`${p}-tokens-h`}>
      <h3 id={`${p}-tokens-h`}>Tokens and consent</h3>
      {refresh && (
        <fieldset className={`choices inline-choices${rotationErr ? ' field-invalid' : ''}`}>
          <legend>Refresh tokens</legend>
          <label className="checkbox"><input type="radio" name={`${p}-rotation`} checked={d.rotation === 'ROTATE'} onChange={() => form.set({ rotation: 'ROTATE' })} /> Rotate: a new refresh token on every use</label>
          <label className="checkbox"><input type="radio" name={`${p}-rotation`} checked={d.rotation === 'STATIC'} disabled={isPublic} onChange={() => form.set({ rotation: 'STATIC' })} /> Keep the same refresh token</label>
          <p className="field-hint">{isPublic ? "A public client's refresh tokens must rotate (RFC 9700 §4.14), so a leaked one is caught the next time either party uses it." : 'Rotation lets the authorization server notice a stolen refresh token when it is used twice.'}</p>
          {rotationErr && <p className="field-error" role="alert">{rotationErr}</p>}
        </fieldset>
      )}
      {d.type !== 'service' && (
        <Field label="User consent" htmlFor={`${p}-consent`} hint={d.consent === 'REQUIRED' ? 'Users are asked to approve the scopes that require consent.' : 'Trusted first-party app: scopes are granted without a consent page.'} error={consentErr}>
          <select id={`${p}-consent`} value={d.consent} onChange={(e) => form.set({ consent: e.target.value as Draft['consent'] })}>
            <option value="TRUSTED">Trusted: no consent page</option>
            <option value="REQUIRED">Ask for consent where a scope requires it</option>
          </select>
        </Field>
      )}
    </section>
  );
}

import { useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { href, navigate } from '../../router';
import { Button, Field, Page } from '../../components/ui';
import { APP_TYPES, F, TYPE_INFO, createBody, newDraft, usesSecret } from './model';
import { ClientFields, DraftFormError, fieldKeys, useDraftForm, useFocusFirstError } from './AppForm';
import { AppTypeIcon } from './bits';
import type { AppType, OidcApp } from './types';

const EXAMPLES: Record<AppType, string> = {
  web: 'Express, Spring Boot, Django, ASP.NET',
  browser: 'React, Angular, Vue, Svelte',
  native: 'iOS, Android, Electron, a CLI',
  service: 'Cron jobs, daemons, API-to-API',
};

const crumbs = (
  <>
    <a href={href('applications')}>Applications</a> / New
  </>
);

/** `#/applications/new`: which kind of app? Each kind gets its own form. */
export function CreateAppScreen(props: { type?: string }) {
  const type = APP_TYPES.find((t) => t === props.type);
  if (!type) return <ChooseType />;
  return <CreateForm key={type} type={type} />;
}

function ChooseType() {
  return (
    <Page title="New application" subtitle="An OpenID Connect client of your authorization servers. Choose what kind of app it is; the form asks only what that kind needs." crumbs={crumbs}>
      <ul className="type-cards" aria-label="Application types">
        {APP_TYPES.map((t) => (
          <li key={t}>
            <a className={`type-card type-card-${t}`} href={href('applications', 'new', t)}>
              <span className={`type-card-icon app-type-${t}`}><AppTypeIcon type={t} size={28} /></span>
              <span className="type-card-title">{TYPE_INFO[t].title}</span>
              <span className="type-card-examples">{EXAMPLES[t]}</span>
              <span className="type-card-about">{TYPE_INFO[t].about}</span>
              <span className="type-card-client">{TYPE_INFO[t].client}</span>
            </a>
          </li>
        ))}
      </ul>
    </Page>
  );
}

const PLACEHOLDERS: Record<AppType, string> = { web: 'e.g. Customer Portal', browser: 'e.g. Inventory Dashboard', native: 'e.g. Warehouse Scanner', service: 'e.g. Nightly Billing Job' };
const FORM_NAMES: Record<AppType, string> = { web: 'New web application', browser: 'New single-page app', native: 'New native app', service: 'New service' };

function CreateForm(props: { type: AppType }) {
  const form = useDraftForm(newDraft(props.type), 'create');
  const d = form.draft;
  const [activate, setActivate] = useState(true);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, form);
  const labelErr = form.errorOf(F.label);
  const clientIdErr = form.errorOf(F.clientId);
  const body = createBody(d);

  const submit = async () => {
    if (!form.submit()) {
      return;
    }
    setBusy(true);
    const sent = d;
    try {
      const created = await api<OidcApp>(`/apps?activate=${activate}`, { method: 'POST', body });
      navigate('applications', created.id, usesSecret(created.credentials.oauthClient.token_endpoint_auth_method) ? 'credentials' : 'general');
    } catch (e) {
      form.failed(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []), sent);
      setBusy(false);
    }
  };

  return (
    <Page
      title={FORM_NAMES[props.type]}
      subtitle={<a href={href('applications', 'new')}>Choose another kind of app</a>}
      crumbs={crumbs}
    >
      <div className="create-layout">
        <form ref={ref} className="card app-form" aria-label={FORM_NAMES[props.type]} noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <DraftFormError form={form} fields={fieldKeys(d, 'create')} title="Not created" />
          <section className="app-section">
            <Field label="Name" htmlFor="new-label" hint="Shown in lists, the System Log and on the consent page." error={labelErr}>
              <input id="new-label" value={d.label} autoFocus maxLength={120} placeholder={PLACEHOLDERS[props.type]} aria-invalid={!!labelErr} aria-describedby={labelErr ? 'new-label-error' : undefined} onChange={(e) => form.set({ label: e.target.value })} onBlur={() => form.touch(F.label)} />
            </Field>
          </section>
          <ClientFields form={form} idPrefix="new" />
          <details className="more app-section" open={!!clientIdErr || !!d.clientId || undefined}>
            <summary>Advanced</summary>
            <div className="form-grid">
              <Field label="Client ID" htmlFor="new-client-id" hint="Leave blank to use the app's id. Set it when an existing app already has a client id to keep." error={clientIdErr}>
                <input id="new-client-id" className="mono" value={d.clientId} spellCheck={false} autoComplete="off" aria-invalid={!!clientIdErr} aria-describedby={clientIdErr ? 'new-client-id-error' : undefined} onChange={(e) => form.set({ clientId: e.target.value })} onBlur={() => form.touch(F.clientId)} />
              </Field>
            </div>
          </details>
          <div className="form-actions">
            <Button kind="primary" type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create application'}</Button>
            <label className="checkbox"><input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> Active at once</label>
            <span className="spacer" />
            <a className="btn btn-ghost" href={href('applications')}>Cancel</a>
          </div>
        </form>
        <aside className="create-aside" aria-label={`About ${TYPE_INFO[props.type].title.toLowerCase()}s`}>
          <div className="card">
            <div className={`aside-type app-type-${props.type}`}><AppTypeIcon type={props.type} size={22} /> <strong>{TYPE_INFO[props.type].title}</strong></div>
            <p>{TYPE_INFO[props.type].about}</p>
            <p className="explain">{TYPE_INFO[props.type].client}</p>
            {usesSecret(d.method) && <p className="muted">Gatehouse generates the client secret when the app is created; you will find it on the Credentials tab.</p>}
          </div>
          <details className="card request-preview">
            <summary>The API request</summary>
            <p className="muted">What this form sends, in Okta&apos;s shape; the same body works against Okta.</p>
            <pre><code>{`POST /api/v1/apps?activate=${activate}\n${JSON.stringify(body, null, 2)}`}</code></pre>
          </details>
        </aside>
      </div>
    </Page>
  );
}

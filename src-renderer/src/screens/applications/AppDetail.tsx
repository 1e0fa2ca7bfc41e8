import { useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../router';
import { Badge, Button, Empty, ErrorBanner, Field, Loading, Page, Tabs, formatDate } from '../../components/ui';
import { F, GRANT_INFO, METHOD_INFO, TYPE_INFO, draftOf, replaceBody, usesUser } from './model';
import { ClientFields, DraftFormError, fieldKeys, useDraftForm, useFocusFirstError } from './AppForm';
import { ConfirmButton, TypeBadge } from './bits';
import { CredentialsTab } from './Credentials';
import { AssignmentsTab } from './Assignments';
import type { OidcApp } from './types';

const TABS = [
  { id: 'general', label: 'General' },
  { id: 'credentials', label: 'Credentials' },
  { id: 'assignments', label: 'Assignments' },
];

const crumbs = <a href={href('applications')}>Applications</a>;

/** `#/applications/<id>/<tab>`: one app, its settings, credentials and who may use it. */
export function AppDetailScreen(props: { id: string; tab?: string }) {
  const app = useApi<OidcApp>(`/apps/${encodeURIComponent(props.id)}`);
  const tab = TABS.some((t) => t.id === props.tab) ? props.tab! : 'general';
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState<string | undefined>();

  if (!app.data) {
    const notFound = app.error instanceof ApiError && app.error.status === 404;
    return (
      <Page title={notFound ? 'Application not found' : 'Application'} crumbs={crumbs}>
        {app.loading && <Loading what="the application" />}
        {notFound && <Empty title="There is no application with this id.">It may have been deleted. <a href={href('applications')}>See all applications</a>.</Empty>}
        {app.error !== undefined && !notFound && <ErrorBanner error={app.error} title="The application could not be loaded" />}
      </Page>
    );
  }
  const a = app.data;
  const s = a.settings.oauthClient;
  const lifecycle = async (verb: 'activate' | 'deactivate') => {
    setActionError(undefined);
    try {
      await api(`/apps/${a.id}/lifecycle/${verb}`, { method: 'POST' });
      setNotice(verb === 'activate' ? `${a.label} is active again: it can sign people in and get tokens.` : undefined);
      app.reload();
    } catch (e) {
      setActionError(e);
    }
  };
  const remove = async () => {
    setActionError(undefined);
    try {
      await api(`/apps/${a.id}`, { method: 'DELETE' });
      navigate('applications');
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <Page
      title={a.label}
      crumbs={crumbs}
      subtitle={
        <span className="app-subtitle">
          <TypeBadge type={s.application_type} /> {TYPE_INFO[s.application_type].title}
          <span className="sep" aria-hidden="true">·</span>
          <span>Client ID <code>{a.credentials.oauthClient.client_id}</code></span>
          <span className="sep" aria-hidden="true">·</span>
          <Badge>{a.status}</Badge>
        </span>
      }
      actions={
        a.status === 'ACTIVE' ? (
          <ConfirmButton
            label="Deactivate"
            question={`Deactivate ${a.label}?`}
            consequence="Gatehouse will refuse its sign-in and token requests (invalid_client) until you activate it again. Nothing else changes."
            confirmLabel="Yes, deactivate"
            onConfirm={() => lifecycle('deactivate')}
          />
        ) : (
          <>
            <Button kind="primary" onClick={() => void lifecycle('activate')}>Activate</Button>
            <ConfirmButton
              label="Delete"
              question={`Delete ${a.label}?`}
              consequence="Its client id stops working for good, its assignments go, and policies stop naming it. This cannot be undone."
              confirmLabel="Yes, delete"
              onConfirm={remove}
            />
          </>
        )
      }
    >
      {actionError !== undefined && <ErrorBanner error={actionError} title="That did not work" />}
      {notice && a.status === 'ACTIVE' && (
        <div className="banner banner-ok" role="status">
          <span>{notice}</span>
        </div>
      )}
      {a.status === 'INACTIVE' && (
        <div className="banner banner-warn" role="status">
          <strong>{a.label} is inactive.</strong>
          <span>Gatehouse refuses its sign-in and token requests (invalid_client) until you activate it. Its settings and assignments are kept.</span>
        </div>
      )}
      <Tabs tabs={TABS.map((t) => ({ ...t, href: href('applications', a.id, t.id) }))} current={tab} />
      {tab === 'general' && <GeneralTab app={a} onSaved={app.reload} />}
      {tab === 'credentials' && <CredentialsTab app={a} onChanged={app.reload} />}
      {tab === 'assignments' && <AssignmentsTab app={a} />}
    </Page>
  );
}

function GeneralTab(props: { app: OidcApp; onSaved(): void }) {
  const [saved, setSaved] = useState<string | undefined>();
  const a = props.app;
  return (
    <div className="detail-layout">
      {/* Keyed by lastUpdated: after a save, the form starts again from what the server stored. */}
      <SettingsForm key={a.lastUpdated} app={a} onSaved={() => { setSaved(`Saved at ${new Date().toLocaleTimeString()}.`); props.onSaved(); }} saved={saved} />
      <Summary app={a} />
    </div>
  );
}

function SettingsForm(props: { app: OidcApp; onSaved(): void; saved?: string }) {
  const a = props.app;
  const form = useDraftForm(draftOf(a), 'edit');
  const d = form.draft;
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, form);
  const labelErr = form.errorOf(F.label);

  const save = async () => {
    if (!form.submit()) {
      return;
    }
    setBusy(true);
    const sent = d;
    try {
      await api<OidcApp>(`/apps/${a.id}`, { method: 'PUT', body: replaceBody(a, d) });
      props.onSaved();
    } catch (e) {
      form.failed(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []), sent);
      setBusy(false);
    }
  };

  return (
    <form ref={ref} className="card app-form" aria-label="Application settings" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <DraftFormError form={form} fields={fieldKeys(d, 'edit')} title="Not saved" />
      <section className="app-section">
        <Field label="Name" htmlFor="edit-label" error={labelErr}>
          <input id="edit-label" value={d.label} maxLength={120} aria-invalid={!!labelErr} onChange={(e) => form.set({ label: e.target.value })} onBlur={() => form.touch(F.label)} />
        </Field>
      </section>
      <ClientFields form={form} idPrefix="edit" />
      <div className="form-actions sticky-actions">
        <Button kind="primary" type="submit" disabled={busy || !form.dirty}>{busy ? 'Saving…' : 'Save changes'}</Button>
        <Button kind="ghost" disabled={!form.dirty || busy} onClick={() => form.reset(draftOf(a))}>Discard changes</Button>
        <span role="status" className={form.dirty ? 'muted' : 'save-note'}>{form.dirty ? 'Unsaved changes' : props.saved && !form.serverError ? props.saved : ''}</span>
      </div>
    </form>
  );
}

function Summary(props: { app: OidcApp }) {
  const a = props.app;
  const s = a.settings.oauthClient;
  const c = a.credentials.oauthClient;
  const type = s.application_type;
  return (
    <aside className="detail-aside" aria-label="At a glance">
      <div className="card">
        <h2>At a glance</h2>
        <dl className="kv app-kv">
          <dt>Type</dt>
          <dd>{TYPE_INFO[type].title}</dd>
          <dt>Client ID</dt>
          <dd><code>{c.client_id}</code></dd>
          <dt>Proves itself</dt>
          <dd>{METHOD_INFO[c.token_endpoint_auth_method]?.label ?? c.token_endpoint_auth_method}</dd>
          <dt>PKCE</dt>
          <dd>{c.pkce_required ? 'Required' : 'Optional'}</dd>
          <dt>Grants</dt>
          <dd>{s.grant_types.map((g) => GRANT_INFO[g]?.label ?? g).join(', ')}</dd>
          <dt>Created</dt>
          <dd>{formatDate(a.created)}</dd>
          <dt>Changed</dt>
          <dd>{formatDate(a.lastUpdated)}</dd>
        </dl>
      </div>
      <div className="card">
        <h2>What this means</h2>
        <p className="explain">{TYPE_INFO[type].client}</p>
        <p>
          {usesUser(s.grant_types)
            ? 'People get tokens through it only if they are assigned to it, directly or through a group (see Assignments), and an access policy of the authorization server lets this client in.'
            : 'It gets tokens for itself, with no user: the access policies of the authorization server decide which scopes it may have.'}
        </p>
        <p className="muted">The application type cannot change after creation: create a new app instead.</p>
      </div>
    </aside>
  );
}

import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer, Scope } from '../../api/types';
import { Badge, Button, ErrorBanner, Field, FormError, Loading } from '../../components/ui';

const CONSENT_WORDS: Record<Scope['consent'], string> = { IMPLICIT: 'No consent asked', REQUIRED: 'Consent required', FLEXIBLE: 'Consent if the app asks for it' };

export function ScopesTab(props: { server: AuthServer }) {
  const scopes = useApi<Scope[]>(`/authorizationServers/${props.server.id}/scopes`);
  const [editing, setEditing] = useState<Scope | 'new' | undefined>();
  return (
    <>
      <div className="actions" style={{ marginBottom: 12 }}>
        <Button kind="primary" onClick={() => setEditing('new')}>Add scope</Button>
      </div>
      {editing && <ScopeForm server={props.server} scope={editing === 'new' ? undefined : editing} onDone={(changed) => { setEditing(undefined); if (changed) scopes.reload(); }} />}
      {scopes.loading && !scopes.data && <Loading what="scopes" />}
      {scopes.error !== undefined && <ErrorBanner error={scopes.error} />}
      {scopes.data && (
        <table className="list" aria-label="Scopes">
          <thead>
            <tr><th>Scope</th><th>Consent</th><th>Default</th><th>In metadata</th><th /></tr>
          </thead>
          <tbody>
            {scopes.data.map((sc) => (
              <tr key={sc.id}>
                <td>
                  <code className="cell-title">{sc.name}</code> {sc.system && <Badge tone="muted">system</Badge>}
                  {sc.description && <div className="cell-sub">{sc.description}</div>}
                </td>
                <td>{CONSENT_WORDS[sc.consent]}</td>
                <td>{sc.default ? <Badge tone="info">default</Badge> : ''}</td>
                <td>{sc.metadataPublish === 'ALL_CLIENTS' ? 'Published' : 'Hidden'}</td>
                <td style={{ textAlign: 'right' }}>{!sc.system && <Button kind="ghost" onClick={() => setEditing(sc)}>Edit</Button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ScopeForm(props: { server: AuthServer; scope?: Scope; onDone(changed: boolean): void }) {
  const sc = props.scope;
  const [name, setName] = useState(sc?.name ?? '');
  const [description, setDescription] = useState(sc?.description ?? '');
  const [consent, setConsent] = useState<Scope['consent']>(sc?.consent ?? 'IMPLICIT');
  const [isDefault, setDefault] = useState(sc?.default ?? false);
  const [published, setPublished] = useState((sc?.metadataPublish ?? 'NO_CLIENTS') === 'ALL_CLIENTS');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const localName = !name ? 'A scope needs a name, e.g. orders:read.' : /[\s"\\]/.test(name) ? 'No spaces, quotes or backslashes in a scope name.' : undefined;

  const save = async () => {
    if (localName) return;
    setBusy(true);
    try {
      const body = { ...(sc ?? {}), name, description, consent, default: isDefault, metadataPublish: published ? 'ALL_CLIENTS' : 'NO_CLIENTS' };
      const base = `/authorizationServers/${props.server.id}/scopes`;
      await api(sc ? `${base}/${sc.id}` : base, { method: sc ? 'PUT' : 'POST', body });
      props.onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!sc) return;
    setBusy(true);
    try {
      await api(`/authorizationServers/${props.server.id}/scopes/${sc.id}`, { method: 'DELETE' });
      props.onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
      setBusy(false);
    }
  };

  return (
    <form className="card" aria-label={sc ? `Edit scope ${sc.name}` : 'New scope'} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{sc ? `Edit ${sc.name}` : 'New scope'}</h2>
      <FormError error={error} fields={['name', 'description', 'consent']} />
      <div className="form-grid">
        <Field label="Name" htmlFor="scope-name" error={localName ?? error?.causeFor('name')}>
          <input id="scope-name" value={name} autoFocus onChange={(e) => setName(e.target.value)} placeholder="orders:read" />
        </Field>
        <Field label="Description" htmlFor="scope-desc" hint="Shown on the consent page." error={error?.causeFor('description')}>
          <input id="scope-desc" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field label="User consent" htmlFor="scope-consent" error={error?.causeFor('consent')}>
          <select id="scope-consent" value={consent} onChange={(e) => setConsent(e.target.value as Scope['consent'])}>
            {Object.entries(CONSENT_WORDS).map(([v, w]) => <option key={v} value={v}>{w}</option>)}
          </select>
        </Field>
      </div>
      <div className="form-actions">
        <label className="checkbox"><input type="checkbox" checked={isDefault} onChange={(e) => setDefault(e.target.checked)} /> Default scope (granted when a request names none)</label>
        <label className="checkbox"><input type="checkbox" checked={published} onChange={(e) => setPublished(e.target.checked)} /> Published in the discovery documents</label>
      </div>
      <div className="form-actions">
        <Button kind="primary" type="submit" disabled={busy || !!localName}>{sc ? 'Save' : 'Add scope'}</Button>
        <Button kind="ghost" onClick={() => props.onDone(false)}>Cancel</Button>
        {sc && <Button kind="danger" onClick={() => void remove()} disabled={busy}>Delete</Button>}
      </div>
    </form>
  );
}

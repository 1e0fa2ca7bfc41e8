import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { AuthServer } from '../../api/types';
import { Button, Field, FormError, formatDate } from '../../components/ui';

export function ServerSettings(props: { server: AuthServer; onChange(): void }) {
  const s = props.server;
  const [name, setName] = useState(s.name);
  const [description, setDescription] = useState(s.description ?? '');
  const [audience, setAudience] = useState(s.audiences.join(', '));
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const audiences = audience.split(',').map((a) => a.trim()).filter(Boolean);
  const local = { name: name.trim() ? undefined : 'The name cannot be empty.', audiences: audiences.length ? undefined : 'At least one audience.' };
  const dirty = name !== s.name || description !== (s.description ?? '') || audiences.join(',') !== s.audiences.join(',');

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await fn();
      setSaved(true);
      props.onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };
  const save = () => run(() => api(`/authorizationServers/${s.id}`, { method: 'PUT', body: { ...s, name: name.trim(), description, audiences } }));
  const lifecycle = (to: 'activate' | 'deactivate') => run(() => api(`/authorizationServers/${s.id}/lifecycle/${to}`, { method: 'POST' }));

  return (
    <>
      <form className="card" aria-label="Settings" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <h2>Settings</h2>
        <FormError error={error} fields={['name', 'audiences', 'description']} />
        {saved && !dirty && <div className="banner banner-ok" role="status">Saved.</div>}
        <div className="form-grid">
          <Field label="Name" htmlFor="s-name" error={local.name ?? error?.causeFor('name')}>
            <input id="s-name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Audiences" htmlFor="s-aud" hint="Comma-separated; the aud claim of access tokens." error={local.audiences ?? error?.causeFor('audiences')}>
            <input id="s-aud" value={audience} onChange={(e) => setAudience(e.target.value)} />
          </Field>
          <Field label="Description" htmlFor="s-desc" error={error?.causeFor('description')}>
            <input id="s-desc" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={busy || !dirty || !!local.name || !!local.audiences}>Save</Button>
        </div>
      </form>
      <div className="card">
        <h2>Status and endpoints</h2>
        <dl className="kv">
          <dt>Issuer</dt>
          <dd><code>{s.issuer}</code></dd>
          <dt>Discovery</dt>
          <dd><a href={`${s.issuer}/.well-known/openid-configuration`} target="_blank" rel="noreferrer"><code>{s.issuer}/.well-known/openid-configuration</code></a></dd>
          <dt>Signing keys</dt>
          <dd>{s.credentials.signing.rotationMode === 'AUTO' ? 'Rotated automatically' : 'Rotated by hand'}; last {formatDate(s.credentials.signing.lastRotated)}{s.credentials.signing.nextRotation ? `, next ${formatDate(s.credentials.signing.nextRotation)}` : ''}</dd>
          <dt>Created</dt>
          <dd>{formatDate(s.created)}</dd>
        </dl>
        <div className="form-actions">
          {s.status === 'ACTIVE' ? (
            <Button kind="danger" disabled={busy} onClick={() => void lifecycle('deactivate')}>Deactivate</Button>
          ) : (
            <Button kind="primary" disabled={busy} onClick={() => void lifecycle('activate')}>Activate</Button>
          )}
          <span className="muted">{s.status === 'ACTIVE' ? 'Deactivating stops it from minting tokens; its configuration is kept.' : 'Inactive: its endpoints answer 404 until it is activated.'}</span>
        </div>
      </div>
    </>
  );
}

import { useState } from 'react';
import { api, ApiError } from '../api/client';
import { useApi } from '../api/use-api';
import type { AuthServer } from '../api/types';
import { href, navigate } from '../router';
import { Badge, Button, Empty, ErrorBanner, Field, FormError, Loading, Page } from '../components/ui';

/** Every custom authorization server at a glance, and a form to add one. */
export function AuthServersScreen() {
  const servers = useApi<AuthServer[]>('/authorizationServers');
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title="Authorization Servers"
      subtitle="Each one mints tokens for an API: its scopes, claims and access policies decide who gets what."
      actions={<Button kind="primary" onClick={() => setCreating(true)}>New authorization server</Button>}
    >
      {creating && <CreateServer onDone={(id) => (id ? navigate('authorization-servers', id) : setCreating(false))} />}
      {servers.loading && !servers.data && <Loading what="authorization servers" />}
      {servers.error !== undefined && <ErrorBanner error={servers.error} title="The authorization servers could not be loaded" />}
      {servers.data && servers.data.length === 0 && <Empty title="No authorization servers yet">Create one for each API you protect.</Empty>}
      {servers.data && servers.data.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Audience</th>
              <th>Issuer</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {servers.data.map((s) => (
              <tr key={s.id} className="clickable" onClick={() => navigate('authorization-servers', s.id)}>
                <td>
                  <a href={href('authorization-servers', s.id)} className="cell-title" onClick={(e) => e.stopPropagation()}>{s.name}</a>
                  {s.description && <div className="cell-sub">{s.description}</div>}
                </td>
                <td><div className="chips">{s.audiences.map((a) => <span className="chip" key={a}>{a}</span>)}</div></td>
                <td><code>{s.issuer}</code></td>
                <td><Badge>{s.status}</Badge></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

/** Checks as you type what the server would refuse anyway; the server's own causes win. */
function localIssues(name: string, audience: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!name.trim()) out.name = 'Give the server a name.';
  if (!audience.trim()) out.audiences = 'Give the audience your API expects in the aud claim, e.g. api://orders.';
  return out;
}

function CreateServer(props: { onDone(id?: string): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [audience, setAudience] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [serverError, setServerError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const issues = localIssues(name, audience);
  const errorOf = (field: string) => (touched[field] ? issues[field] : undefined) ?? serverError?.causeFor(field);

  const submit = async () => {
    setTouched({ name: true, audiences: true });
    if (Object.keys(issues).length) return;
    setSaving(true);
    try {
      const created = await api<AuthServer>('/authorizationServers', { method: 'POST', body: { name: name.trim(), description, audiences: [audience.trim()] } });
      props.onDone(created.id);
    } catch (e) {
      setServerError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card" aria-label="New authorization server" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>New authorization server</h2>
      <FormError error={serverError} fields={['name', 'audiences', 'description']} title="Not created" />
      <div className="form-grid">
        <Field label="Name" htmlFor="as-name" error={errorOf('name')}>
          <input id="as-name" value={name} autoFocus onChange={(e) => setName(e.target.value)} onBlur={() => setTouched((t) => ({ ...t, name: true }))} aria-invalid={!!errorOf('name')} />
        </Field>
        <Field label="Audience" htmlFor="as-aud" hint="The aud claim of its access tokens." error={errorOf('audiences')}>
          <input id="as-aud" value={audience} placeholder="api://orders" onChange={(e) => setAudience(e.target.value)} onBlur={() => setTouched((t) => ({ ...t, audiences: true }))} aria-invalid={!!errorOf('audiences')} />
        </Field>
        <Field label="Description" htmlFor="as-desc" error={serverError?.causeFor('description')}>
          <input id="as-desc" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <Button kind="primary" type="submit" disabled={saving}>{saving ? 'Creating…' : 'Create'}</Button>
        <Button kind="ghost" onClick={() => props.onDone()}>Cancel</Button>
      </div>
    </form>
  );
}

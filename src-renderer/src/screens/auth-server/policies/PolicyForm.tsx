import { useCallback, useState } from 'react';
import { api, ApiError } from '../../../api/client';
import type { Policy } from '../../../api/types';
import { Button, Field } from '../../../components/ui';
import { useDirectory, useNames } from './directory';
import { causesFor, FieldSet, FormProblem } from './fields';
import { Picker, type PickOption } from './Picker';
import { policyBody } from './data';
import { ALL_CLIENTS } from './types';

const FIELDS = ['name', 'description', 'conditions.clients.include', 'conditions'];

/** Create or edit a policy: its name, what it is for, and which clients it applies to. */
export function PolicyForm(props: { base: string; policy?: Policy; onDone(saved?: Policy): void; onDeleted?(): void; ruleCount?: number }) {
  const p = props.policy;
  const names = useNames();
  const apps = useDirectory((s) => s.apps);
  const [name, setName] = useState(p?.name ?? '');
  const [description, setDescription] = useState(p?.description ?? '');
  const initialClients = p?.conditions.clients.include ?? [ALL_CLIENTS];
  const [allClients, setAllClients] = useState(initialClients.includes(ALL_CLIENTS));
  const [clients, setClients] = useState<string[]>(initialClients.filter((c) => c !== ALL_CLIENTS));
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Problems show once a field has been edited, or on the first attempt to save.
  const [touched, setTouched] = useState(false);
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  const edit = (field: string) => setDirty((d) => (d.has(field) ? d : new Set(d).add(field)));

  const local = {
    name: !name.trim() ? 'Give the policy a name, e.g. “Mobile apps”.' : name.trim().length > 100 ? 'At most 100 characters.' : undefined,
    description: !description.trim() ? 'Say what the policy is for; Okta requires a description.' : description.trim().length > 255 ? 'At most 255 characters.' : undefined,
    clients: !allClients && clients.length === 0 ? 'Choose at least one client, or apply the policy to all clients.' : undefined,
  };
  const invalid = !!(local.name || local.description || local.clients);
  const show = (field: keyof typeof local, server: string | undefined) => ((touched || dirty.has(field)) ? local[field] : undefined) ?? server;

  const searchApps = useCallback((q: string): PickOption[] => {
    const needle = q.toLowerCase();
    return (apps ?? [])
      .filter((a) => !needle || a.label.toLowerCase().includes(needle) || a.credentials.oauthClient.client_id.toLowerCase().includes(needle))
      .slice(0, 30)
      .map((a) => ({ id: a.credentials.oauthClient.client_id, label: a.label, sub: `${a.settings.oauthClient.application_type} · ${a.credentials.oauthClient.client_id}`, kind: 'app' as const }));
  }, [apps]);

  const save = async () => {
    setTouched(true);
    if (invalid) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        ...(p ? policyBody(p) : { type: 'OAUTH_AUTHORIZATION_POLICY', status: 'ACTIVE' }),
        name: name.trim(),
        description: description.trim(),
        conditions: { clients: { include: allClients ? [ALL_CLIENTS] : clients } },
      };
      const saved = await api<Policy>(p ? `${props.base}/${p.id}` : props.base, { method: p ? 'PUT' : 'POST', body });
      props.onDone(saved);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!p) return;
    setBusy(true);
    try {
      await api(`${props.base}/${p.id}`, { method: 'DELETE' });
      props.onDeleted?.();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
      setBusy(false);
    }
  };

  const idp = p ? `pf-${p.id}` : 'pf-new';
  return (
    <form className="card pl-policy-form" aria-label={p ? `Edit policy ${p.name}` : 'New policy'} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
      <h2>{p ? `Edit “${p.name}”` : 'New access policy'}</h2>
      <FormProblem error={error} placed={FIELDS} title={p ? 'The policy was not saved' : 'The policy was not created'} />
      <div className="form-grid">
        <Field label="Name" htmlFor={`${idp}-name`} error={show('name', causesFor(error, 'name'))}>
          <input id={`${idp}-name`} value={name} autoFocus onChange={(e) => { setName(e.target.value); edit('name'); }} placeholder="Mobile apps" aria-invalid={!!show('name', causesFor(error, 'name')) || undefined} />
        </Field>
        <Field label="Description" htmlFor={`${idp}-desc`} error={show('description', causesFor(error, 'description'))} hint="What the policy is for, for whoever reads it next.">
          <input id={`${idp}-desc`} value={description} onChange={(e) => { setDescription(e.target.value); edit('description'); }} placeholder="Apps our customers install" />
        </Field>
      </div>
      <FieldSet legend="Applies to" id={`${idp}-clients`} error={show('clients', causesFor(error, 'conditions.clients.include', 'conditions'))}
        hint={allClients ? 'Every client that asks this server for a token, including apps added later.' : 'Only requests from these clients are judged by this policy; others pass on to the next policy.'}>
        <div className="pl-radio-row">
          <label className="checkbox"><input type="radio" name={`${idp}-cl`} checked={allClients} onChange={() => setAllClients(true)} /> All clients</label>
          <label className="checkbox"><input type="radio" name={`${idp}-cl`} checked={!allClients} onChange={() => setAllClients(false)} /> The following clients</label>
        </div>
        {!allClients && (
          <Picker
            id={`${idp}-client-pick`}
            selected={clients.map((c) => ({ id: c, label: names.client(c), kind: 'app' }))}
            search={searchApps}
            onAdd={(o) => setClients((cs) => [...cs, o.id])}
            onRemove={(id) => { setClients((cs) => cs.filter((c) => c !== id)); edit('clients'); }}
            placeholder={apps ? 'Type an app’s name…' : 'Loading apps…'}
            invalid={!!show('clients', causesFor(error, 'conditions.clients.include'))}
            describedBy={`${idp}-clients-msg`}
          />
        )}
        {!allClients && <label className="pl-sr-only" htmlFor={`${idp}-client-pick`}>Clients</label>}
      </FieldSet>
      <div className="form-actions">
        <Button kind="primary" type="submit" disabled={busy || (touched && invalid)}>{busy ? 'Saving…' : p ? 'Save policy' : 'Create policy'}</Button>
        <Button kind="ghost" onClick={() => props.onDone()}>Cancel</Button>
        <span className="pl-grow" />
        {p && !confirmDelete && <Button kind="danger" onClick={() => setConfirmDelete(true)} disabled={busy}>Delete policy…</Button>}
        {p && confirmDelete && (
          <span className="pl-confirm" role="group" aria-label="Confirm deletion">
            <span>Delete “{p.name}”{props.ruleCount ? ` and its ${props.ruleCount} rule${props.ruleCount === 1 ? '' : 's'}` : ''}?</span>
            <Button kind="danger" onClick={() => void remove()} disabled={busy}>Delete</Button>
            <Button kind="ghost" onClick={() => setConfirmDelete(false)}>Keep it</Button>
          </span>
        )}
      </div>
    </form>
  );
}

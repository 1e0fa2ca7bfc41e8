import { useCallback, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../router';
import { Badge, Button, Empty, ErrorBanner, Field, FormError, Loading, Page } from '../../components/ui';
import { fullDate, relativeDate } from './format';
import { fullName, initials, STATUS_TONE, type AssignedApp, type DirGroup, type DirUser } from './directory-types';
import { directoryChanged, usePagedList } from './paged';
import { VirtualList, type Column } from './VirtualList';
import { Picker } from './Picker';
import { Confirm } from './Confirm';
import { CopyId } from './CopyId';
import { setFlash, useFlash } from './flash';
import { groupNameIssue } from './validation';

const MEMBER_COLUMNS: Column[] = [
  { id: 'person', label: 'Member', width: 'minmax(200px, 2fr)' },
  { id: 'status', label: 'Status', width: '130px' },
  { id: 'lastLogin', label: 'Last sign-in', width: '110px' },
  { id: 'action', label: '', width: '90px', align: 'right' },
];

export function GroupDetail(props: { id: string }) {
  const group = useApi<DirGroup>(`/groups/${encodeURIComponent(props.id)}`);
  const g = group.data;
  const [flash, setMessage] = useFlash(`group:${props.id}`);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const remove = async () => {
    if (!g) return;
    setBusy(true);
    try {
      await api(`/groups/${g.id}`, { method: 'DELETE' });
      directoryChanged();
      setFlash('groups', `Deleted the group ${g.profile.name}. Its members stay; rules that named it forget it.`);
      navigate('groups');
    } catch (e) {
      setError(e);
      setBusy(false);
      setDeleting(false);
    }
  };

  const builtIn = g ? g.type !== 'OKTA_GROUP' : false;
  return (
    <Page
      title={g?.profile.name ?? 'Group'}
      crumbs={<a href={href('groups')}>Groups</a>}
      subtitle={g && <span className="dir-subtitle"><Badge tone={builtIn ? 'muted' : 'info'}>{g.type}</Badge> <span>{g.profile.description || ''}</span></span>}
      actions={g && !builtIn && <Button kind="danger" disabled={busy} onClick={() => setDeleting(true)}>Delete group</Button>}
    >
      {group.loading && !g && <Loading what="the group" />}
      {group.error !== undefined && (
        <ErrorBanner error={group.error} title={group.error instanceof ApiError && group.error.status === 404 ? 'There is no such group (deleted, or a wrong link)' : 'This group could not be loaded'} />
      )}
      {g && (
        <>
          {deleting && (
            <Confirm title={`Delete the group ${g.profile.name}?`} confirmLabel="Delete group" busy={busy} onConfirm={() => void remove()} onCancel={() => setDeleting(false)}>
              The people in it stay in the directory. Policy rules that include or exclude this group forget it, which can change who gets tokens. This cannot be undone.
            </Confirm>
          )}
          {error !== undefined && <ErrorBanner error={error} title="Not done" />}
          {flash && <div className="banner banner-ok" role="status"><span>{flash}</span></div>}
          {builtIn && (
            <div className="banner dir-banner-info" role="note">
              <strong>{g.profile.name} is built in</strong>
              <span>Gatehouse keeps every user in it, as Okta does: its name, description and members cannot be edited, and it cannot be deleted. Rules that include {g.profile.name} apply to everyone.</span>
            </div>
          )}
          <div className="dir-detail">
            <div className="dir-main">
              <Members group={g} onChanged={setMessage} />
            </div>
            <div className="dir-side-col">
              <About group={g} onSaved={(m) => { setMessage(m); group.reload(); }} key={g.lastUpdated} />
              <Apps group={g} />
            </div>
          </div>
        </>
      )}
    </Page>
  );
}

function About(props: { group: DirGroup; onSaved(message: string): void }) {
  const g = props.group;
  const [name, setName] = useState(g.profile.name);
  const [description, setDescription] = useState(g.profile.description ?? '');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const editable = g.type === 'OKTA_GROUP';
  const nameProblem = groupNameIssue(name);
  const dirty = name !== g.profile.name || description !== (g.profile.description ?? '');

  const save = async () => {
    if (nameProblem || !dirty) return;
    setBusy(true);
    setError(undefined);
    try {
      directoryChanged();
      await api(`/groups/${g.id}`, { method: 'PUT', body: { profile: { ...g.profile, name: name.trim(), description: description.trim() || null } } });
      props.onSaved(`Saved the group's ${[name !== g.profile.name && 'name', description !== (g.profile.description ?? '') && 'description'].filter(Boolean).join(' and ')}.`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" aria-label="About this group" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>About</h2>
      <FormError error={error} fields={['profile.name', 'name', 'profile.description']} />
      <div className="dir-stack">
        <Field label="Name" htmlFor="grp-name" error={editable ? nameProblem ?? error?.causeFor('profile.name') ?? error?.causeFor('name') : undefined} hint={editable ? undefined : 'Built in: cannot be renamed.'}>
          <input id="grp-name" value={name} readOnly={!editable} aria-readonly={!editable} onChange={(e) => setName(e.target.value)} aria-invalid={editable && !!nameProblem} />
        </Field>
        <Field label="Description" htmlFor="grp-desc" error={error?.causeFor('profile.description')}>
          <textarea id="grp-desc" value={description} readOnly={!editable} aria-readonly={!editable} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </div>
      {editable && (
        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={busy || !dirty || !!nameProblem}>{busy ? 'Saving…' : 'Save'}</Button>
          {dirty && <Button kind="ghost" onClick={() => { setName(g.profile.name); setDescription(g.profile.description ?? ''); setError(undefined); }}>Discard</Button>}
        </div>
      )}
      <div className="dir-kv-top"><CopyId id={g.id} /></div>
      <dl className="kv dir-kv">
        <dt>Created</dt><dd title={fullDate(g.created)}>{relativeDate(g.created)}</dd>
        <dt>Members changed</dt><dd title={fullDate(g.lastMembershipUpdated)}>{relativeDate(g.lastMembershipUpdated)}</dd>
      </dl>
    </form>
  );
}

function Apps(props: { group: DirGroup }) {
  const apps = useApi<AssignedApp[]>(`/groups/${props.group.id}/apps`);
  return (
    <section className="card" aria-labelledby="grp-apps-title">
      <h2 id="grp-apps-title">Assigned to apps</h2>
      {apps.loading && !apps.data && <Loading what="apps" />}
      {apps.error !== undefined && <ErrorBanner error={apps.error} title="The apps could not be read" />}
      {apps.data && apps.data.length === 0 && <p className="muted dir-tight">Not assigned to any app. Assign groups on an application's page.</p>}
      {apps.data && apps.data.length > 0 && (
        <ul className="dir-app-list">
          {apps.data.map((a) => (
            <li key={a.id}>
              <a href={href('applications', a.id)} className="cell-title">{a.label}</a>{' '}
              <Badge>{a.status}</Badge>
              {a.credentials?.oauthClient?.client_id && <div className="cell-sub"><code>{a.credentials.oauthClient.client_id}</code></div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Members(props: { group: DirGroup; onChanged(message: string): void }) {
  const g = props.group;
  const editable = g.type === 'OKTA_GROUP';
  const members = usePagedList<DirUser>(`/groups/${g.id}/users?limit=200`, `members:${g.id}`);
  const [removing, setRemoving] = useState<DirUser | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [recent, setRecent] = useState<Set<string>>(new Set());
  const { items, loadMore } = members;
  const onRange = useCallback((_f: number, last: number) => {
    if (last >= items.length - 40) loadMore();
  }, [items.length, loadMore]);
  const pathFor = useCallback((text: string) => `/users?limit=12${text ? `&q=${encodeURIComponent(text)}` : ''}`, []);
  const shown = new Set(items.map((u) => u.id));

  const add = async (u: DirUser) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/groups/${g.id}/users/${u.id}`, { method: 'PUT' });
      directoryChanged();
      setRecent((r) => new Set(r).add(u.id));
      props.onChanged(`Added ${fullName(u)} (${u.profile.login}) to ${g.profile.name}.`);
      members.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (u: DirUser) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/groups/${g.id}/users/${u.id}`, { method: 'DELETE' });
      directoryChanged();
      setRecent((r) => {
        const n = new Set(r);
        n.delete(u.id);
        return n;
      });
      props.onChanged(`Removed ${fullName(u)} from ${g.profile.name}.`);
      members.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setRemoving(undefined);
    }
  };

  return (
    <section className="card" aria-labelledby="grp-members-title">
      <div className="dir-card-head">
        <h2 id="grp-members-title">Members</h2>
        <span className="muted" role="status">
          {members.loading && items.length === 0 ? 'Reading…' : `${items.length.toLocaleString()}${members.done ? '' : '+'} ${items.length === 1 ? 'person' : 'people'}`}
        </span>
      </div>
      {editable && (
        <div className="dir-add-row">
          <Picker<DirUser>
            label="Add a member"
            placeholder="Name, email or username starts with…"
            pathFor={pathFor}
            disabled={busy}
            toOption={(u) => ({ id: u.id, title: fullName(u), sub: u.profile.login, blocked: shown.has(u.id) || recent.has(u.id) ? 'already a member' : undefined })}
            onPick={(u) => void add(u)}
          />
        </div>
      )}
      {error !== undefined && <ErrorBanner error={error} title="Membership not changed" />}
      {removing && (
        <Confirm title={`Remove ${fullName(removing)} from ${g.profile.name}?`} confirmLabel="Remove from group" busy={busy} onConfirm={() => void remove(removing)} onCancel={() => setRemoving(undefined)}>
          Rules and claims that rely on {g.profile.name} stop applying to them at their next token.
        </Confirm>
      )}
      {members.error !== undefined && items.length === 0 && <ErrorBanner error={members.error} title="The members could not be read" />}
      {members.loading && items.length === 0 && <Loading what="members" />}
      {!members.loading && members.error === undefined && items.length === 0 && <Empty title="Nobody in this group yet">{editable ? 'Add people with the search above.' : ''}</Empty>}
      {items.length > 0 && (
        <VirtualList
          label={`Members of ${g.profile.name}`}
          idPrefix="members"
          columns={MEMBER_COLUMNS}
          count={items.length}
          complete={members.done}
          rowHeight={52}
          height={`max(260px, calc(100vh - ${editable ? 400 : 380}px))`}
          rowKey={(i) => items[i]!.id}
          onOpen={(i) => navigate('users', items[i]!.id)}
          onRange={onRange}
          initialScrollTop={members.initialScrollTop}
          onScrollTop={members.rememberScroll}
          footer={members.done ? undefined : members.error !== undefined ? <span className="dir-bad">The next page could not be read. <Button kind="ghost" onClick={members.retry}>Try again</Button></span> : <span className="muted">{members.loading ? 'Reading more members…' : 'Scroll for more'}</span>}
          renderCells={(i) => {
            const u = items[i]!;
            return [
              <div className="dir-person" key="p">
                <span className="dir-avatar" aria-hidden="true">{initials(u)}</span>
                <div className="dir-person-text">
                  <a href={href('users', u.id)} tabIndex={-1} className="cell-title">{fullName(u)}</a>
                  <div className="cell-sub">{u.profile.login}</div>
                </div>
              </div>,
              <Badge key="s" tone={STATUS_TONE[u.status]}>{u.status}</Badge>,
              <span key="l" className={u.lastLogin ? '' : 'muted'} title={fullDate(u.lastLogin)}>{relativeDate(u.lastLogin)}</span>,
              editable ? <Button key="r" kind="ghost" disabled={busy} onClick={() => setRemoving(u)}>Remove<span className="dir-sr-only"> {fullName(u)}</span></Button> : <span key="r" />,
            ];
          }}
        />
      )}
    </section>
  );
}

export function CreateGroup() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [sentName, setSentName] = useState('');
  const [busy, setBusy] = useState(false);
  const local = touched ? groupNameIssue(name) : undefined;
  const serverName = error && sentName === name ? error.causeFor('profile.name') ?? error.causeFor('name') : undefined;

  const submit = async () => {
    setTouched(true);
    if (groupNameIssue(name)) return;
    setBusy(true);
    setError(undefined);
    try {
      directoryChanged();
      const g = await api<DirGroup>('/groups', { method: 'POST', body: { profile: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) } } });
      setFlash(`group:${g.id}`, `Created the group ${g.profile.name}. Add members below, then include it in policy rules.`);
      navigate('groups', g.id);
    } catch (e) {
      setSentName(name);
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="New group" crumbs={<a href={href('groups')}>Groups</a>} subtitle="A set of people that policy rules can include or exclude in one go.">
      <form className="card dir-form" aria-label="New group" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <FormError error={error} fields={['profile.name', 'name', 'profile.description']} title="Not created" />
        <div className="form-grid">
          <Field label="Name" htmlFor="ng-name" error={local ?? serverName} hint="Unique; the groups claim and rules show it.">
            <input id="ng-name" value={name} autoFocus onChange={(e) => { setName(e.target.value); setTouched(true); }} aria-invalid={!!(local ?? serverName)} placeholder="Orders Auditors" />
          </Field>
          <Field label="Description" htmlFor="ng-desc" error={error?.causeFor('profile.description')}>
            <input id="ng-desc" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Who is in it, and why" />
          </Field>
        </div>
        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create group'}</Button>
          <Button kind="ghost" onClick={() => navigate('groups')}>Cancel</Button>
        </div>
      </form>
    </Page>
  );
}

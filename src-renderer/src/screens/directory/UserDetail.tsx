import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../router';
import { Badge, Button, ErrorBanner, Loading, Page, Tabs } from '../../components/ui';
import { fullDate, relativeDate } from './format';
import { fullName, initials, STATUS_TONE, STATUS_WORDS, type DirUser, type UserStatus } from './directory-types';
import { Confirm } from './Confirm';
import { CopyId } from './CopyId';
import { directoryChanged } from './paged';
import { setFlash, useFlash } from './flash';
import { UserProfile } from './UserProfile';
import { UserGroups } from './UserGroups';
import { UserPassword } from './UserPassword';

const TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'groups', label: 'Groups' },
  { id: 'password', label: 'Password' },
];

interface Action {
  verb: 'activate' | 'reactivate' | 'unlock' | 'unsuspend' | 'suspend' | 'deactivate';
  label: string;
  kind: 'primary' | 'secondary' | 'danger';
  /** Asked before doing it, with what will happen. */
  confirm?: (name: string) => string;
}

const ACTIONS: Action[] = [
  { verb: 'activate', label: 'Activate', kind: 'primary' },
  { verb: 'reactivate', label: 'Reactivate', kind: 'secondary' },
  { verb: 'unlock', label: 'Unlock', kind: 'primary' },
  { verb: 'unsuspend', label: 'Unsuspend', kind: 'primary' },
  { verb: 'suspend', label: 'Suspend', kind: 'secondary', confirm: (n) => `${n} will not be able to sign in until unsuspended. Groups, apps and profile stay as they are.` },
  { verb: 'deactivate', label: 'Deactivate', kind: 'danger', confirm: (n) => `${n} will not be able to sign in, and quick search will no longer find them. You can activate them again later, or then delete them for good.` },
];

/** What a lifecycle call did, in words. */
function afterWords(verb: Action['verb'], before: UserStatus, after: DirUser): string {
  const who = fullName(after);
  const now = `${who} is now ${after.status}: ${STATUS_WORDS[after.status].charAt(0).toLowerCase()}${STATUS_WORDS[after.status].slice(1)}`;
  if (verb === 'activate' && after.status === 'PROVISIONED') {
    return `${now} Okta would email an activation link; Gatehouse sends no email. Set a password on the Password tab, then activate again.`;
  }
  if (verb === 'reactivate') return `${now} (Okta would send the activation email again; Gatehouse sends none.)`;
  return before === after.status ? `${who} stays ${after.status}.` : now;
}

export function UserDetail(props: { id: string; tab: string }) {
  const user = useApi<DirUser>(`/users/${encodeURIComponent(props.id)}`);
  const [flash, setMessage] = useFlash(`user:${props.id}`);
  const [asking, setAsking] = useState<Action | 'delete' | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const u = user.data;

  const run = async (a: Action) => {
    if (!u) return;
    setBusy(true);
    setError(undefined);
    try {
      directoryChanged();
      await api(`/users/${u.id}/lifecycle/${a.verb}${a.verb === 'activate' || a.verb === 'reactivate' ? '?sendEmail=false' : ''}`, { method: 'POST' });
      const next = await api<DirUser>(`/users/${u.id}`);
      setMessage(afterWords(a.verb, u.status, next));
      user.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setAsking(undefined);
    }
  };

  const remove = async () => {
    if (!u) return;
    setBusy(true);
    try {
      directoryChanged();
      await api(`/users/${u.id}`, { method: 'DELETE' });
      setFlash('users', `Deleted ${u.profile.login} for good.`);
      navigate('users');
    } catch (e) {
      setError(e);
      setBusy(false);
      setAsking(undefined);
    }
  };

  const [profileNote, setProfileNote] = useState<string | undefined>();
  // A message belongs to the tab it was said on.
  const shownTab = useRef(props.tab);
  useEffect(() => {
    if (shownTab.current !== props.tab) {
      setMessage(undefined);
      setProfileNote(undefined);
    }
    shownTab.current = props.tab;
  }, [props.tab, setMessage]);

  const actions = u ? ACTIONS.filter((a) => u._links?.[a.verb]) : [];
  const tab = TABS.some((t) => t.id === props.tab) ? props.tab : 'profile';

  return (
    <Page
      title={u ? fullName(u) : 'User'}
      crumbs={<a href={href('users')}>Users</a>}
      subtitle={u && <span className="dir-subtitle"><Badge tone={STATUS_TONE[u.status]}>{u.status}</Badge> <span>{u.profile.login}</span></span>}
      actions={
        u && (
          <>
            {actions.map((a) => (
              <Button key={a.verb} kind={a.kind} disabled={busy} onClick={() => (a.confirm ? setAsking(a) : void run(a))}>{a.label}</Button>
            ))}
            {u.status === 'DEPROVISIONED' && <Button kind="danger" disabled={busy} onClick={() => setAsking('delete')}>Delete</Button>}
          </>
        )
      }
    >
      {user.loading && !u && <Loading what="the user" />}
      {user.error !== undefined && (
        <ErrorBanner error={user.error} title={user.error instanceof ApiError && user.error.status === 404 ? 'There is no such user (deleted, or a wrong link)' : 'This user could not be loaded'} />
      )}
      {u && (
        <>
          {asking && asking !== 'delete' && (
            <Confirm title={`${asking.label} ${fullName(u)}?`} confirmLabel={asking.label} busy={busy} onConfirm={() => void run(asking)} onCancel={() => setAsking(undefined)}>
              {asking.confirm?.(fullName(u))}
            </Confirm>
          )}
          {asking === 'delete' && (
            <Confirm title={`Delete ${fullName(u)} for good?`} confirmLabel="Delete user" busy={busy} onConfirm={() => void remove()} onCancel={() => setAsking(undefined)}>
              The user, their group memberships and app assignments are removed, and policies that name them forget them. This cannot be undone.
            </Confirm>
          )}
          {error !== undefined && <ErrorBanner error={error} title="Not done" />}
          {flash && <div className="banner banner-ok" role="status"><span>{flash}</span></div>}
          <div className="dir-detail">
            <div className="dir-main">
              <Tabs current={tab} tabs={TABS.map((t) => ({ ...t, href: href('users', u.id, t.id) }))} />
              {tab === 'profile' && <UserProfile key={u.lastUpdated} user={u} note={profileNote} onSaved={(m) => { setProfileNote(m); setMessage(undefined); user.reload(); }} />}
              {tab === 'groups' && <UserGroups user={u} />}
              {tab === 'password' && <UserPassword user={u} onChanged={(m) => { setMessage(m); user.reload(); }} />}
            </div>
            <UserSummary user={u} />
          </div>
        </>
      )}
    </Page>
  );
}

function UserSummary(props: { user: DirUser }) {
  const u = props.user;
  return (
    <aside className="card dir-side" aria-label="Status">
      <div className="dir-side-head">
        <span className="dir-avatar dir-avatar-lg" aria-hidden="true">{initials(u)}</span>
        <div>
          <Badge tone={STATUS_TONE[u.status]}>{u.status}</Badge>
          <p className="dir-status-words">{STATUS_WORDS[u.status]}</p>
        </div>
      </div>
      <CopyId id={u.id} />
      <dl className="kv dir-kv">
        <dt>Created</dt><dd title={fullDate(u.created)}>{relativeDate(u.created)}</dd>
        <dt>Activated</dt><dd title={fullDate(u.activated)}>{u.activated ? relativeDate(u.activated) : 'Not yet'}</dd>
        <dt>Status changed</dt><dd title={fullDate(u.statusChanged)}>{u.statusChanged ? relativeDate(u.statusChanged) : '—'}</dd>
        <dt>Last sign-in</dt><dd title={fullDate(u.lastLogin)}>{relativeDate(u.lastLogin)}</dd>
        <dt>Password</dt><dd title={fullDate(u.passwordChanged)}>{u.credentials?.password ? (u.passwordChanged ? `Set ${relativeDate(u.passwordChanged).toLowerCase()}` : 'Set') : 'None'}</dd>
        <dt>Updated</dt><dd title={fullDate(u.lastUpdated)}>{relativeDate(u.lastUpdated)}</dd>
      </dl>
      <p className="field-hint">In claim expressions: <code>user.getInternalProperty("status")</code> reads <code>{u.status}</code>; profile attributes read as <code>user.&lt;name&gt;</code>.</p>
    </aside>
  );
}


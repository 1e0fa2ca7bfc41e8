import { useEffect, useId, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { Group, User } from '../../api/types';
import { href } from '../../router';
import { Badge, Button, Empty, ErrorBanner, Loading, formatDate } from '../../components/ui';
import { usesUser } from './model';
import { ConfirmButton } from './bits';
import type { AppGroupAssignment, AppUser, OidcApp } from './types';

/**
 * Who may use the app: groups and people assigned to it. Only assigned people get tokens through it
 * with a user (the decision core's "assignment" check); client credentials involve no person.
 */
export function AssignmentsTab(props: { app: OidcApp }) {
  const a = props.app;
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  return (
    <>
      <p className="explain lead">
        {usesUser(a.settings.oauthClient.grant_types)
          ? <>Only people assigned to <strong>{a.label}</strong>, directly or through one of their groups, can sign in to it and get tokens with it. The authorization server&apos;s access policies then decide which scopes they get.</>
          : <><strong>{a.label}</strong> gets tokens only for itself (client credentials), so assignments do not change what it can do. They matter once it signs people in.</>}
      </p>
      <div className="assign-layout">
        <GroupAssignments app={a} onChanged={changed} />
        <UserAssignments app={a} version={version} onChanged={changed} />
      </div>
    </>
  );
}

function errorOf(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []);
}

function GroupAssignments(props: { app: OidcApp; onChanged(): void }) {
  const a = props.app;
  const assigned = useApi<AppGroupAssignment[]>(`/apps/${a.id}/groups?limit=200`);
  const [groups, setGroups] = useState<Record<string, Group | null>>({});
  const [error, setError] = useState<unknown>();
  const [adding, setAdding] = useState(false);

  // The assignment carries only the group id: fetch each group once for its name.
  useEffect(() => {
    const missing = (assigned.data ?? []).map((g) => g.id).filter((id) => !(id in groups));
    if (!missing.length) return;
    let live = true;
    void Promise.all(missing.map((id) => api<Group>(`/groups/${id}`).then((g) => [id, g] as const, () => [id, null] as const))).then((pairs) => {
      if (live) setGroups((m) => ({ ...m, ...Object.fromEntries(pairs) }));
    });
    return () => {
      live = false;
    };
  }, [assigned.data, groups]);

  const assign = async (g: Group) => {
    setError(undefined);
    await api(`/apps/${a.id}/groups/${g.id}`, { method: 'PUT', body: {} });
    setGroups((m) => ({ ...m, [g.id]: g }));
    assigned.reload();
    props.onChanged();
  };
  const unassign = async (id: string) => {
    setError(undefined);
    try {
      await api(`/apps/${a.id}/groups/${id}`, { method: 'DELETE' });
      assigned.reload();
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const ids = new Set((assigned.data ?? []).map((g) => g.id));
  const everyone = (assigned.data ?? []).some((g) => groups[g.id]?.type === 'BUILT_IN');

  return (
    <section className="card" aria-labelledby="groups-h">
      <div className="card-head">
        <h2 id="groups-h">Groups</h2>
        <Button kind={adding ? 'ghost' : 'primary'} onClick={() => setAdding((x) => !x)}>{adding ? 'Done' : 'Assign a group'}</Button>
      </div>
      {adding && (
        <Picker
          label="Find a group to assign"
          placeholder="Group name…"
          search={async (q) => (await api<Group[]>(`/groups?limit=8${q ? `&q=${encodeURIComponent(q)}` : ''}`)).map((g) => ({ id: g.id, title: g.profile.name, sub: g.type === 'BUILT_IN' ? 'Every user of the org' : g.profile.description ?? '', item: g }))}
          isAssigned={(id) => ids.has(id)}
          onPick={(o) => assign(o.item)}
        />
      )}
      {error !== undefined && <ErrorBanner error={error} title="Not removed" />}
      {everyone && <p className="explain">Everyone is assigned: every user of the org can use this app.</p>}
      {assigned.loading && !assigned.data && <Loading what="group assignments" />}
      {assigned.error !== undefined && <ErrorBanner error={assigned.error} title="The group assignments could not be loaded" />}
      {assigned.data && assigned.data.length === 0 && <Empty title="No groups assigned">Assign a group to let all its members use the app.</Empty>}
      {assigned.data && assigned.data.length > 0 && (
        <table className="list" aria-label="Assigned groups">
          <thead>
            <tr><th>Group</th><th>Priority</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {assigned.data.map((ga) => {
              const g = groups[ga.id];
              const name = g?.profile.name ?? (g === null ? ga.id : '…');
              return (
                <tr key={ga.id}>
                  <td>
                    <a className="cell-title" href={href('groups', ga.id)}>{name}</a>
                    {g?.type === 'BUILT_IN' && <> <Badge tone="muted">built-in</Badge></>}
                    {g?.profile.description && <div className="cell-sub">{g.profile.description}</div>}
                  </td>
                  <td title={`Assigned ${formatDate(ga.lastUpdated)}`}>{ga.priority}</td>
                  <td className="cell-actions">
                    <ConfirmButton
                      small
                      label="Remove"
                      question={`Remove ${name}?`}
                      consequence="Its members keep access only if they are assigned another way."
                      confirmLabel="Yes, remove"
                      onConfirm={() => unassign(ga.id)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

const USER_PAGE = 50;

function UserAssignments(props: { app: OidcApp; version: number; onChanged(): void }) {
  const a = props.app;
  const [pages, setPages] = useState<AppUser[][]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [adding, setAdding] = useState(false);

  const load = async (after?: string) => {
    setLoading(true);
    setLoadError(undefined);
    try {
      const page = await api<AppUser[]>(`/apps/${a.id}/users?limit=${USER_PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      setPages((p) => (after ? [...p, page] : [page]));
      setMore(page.length === USER_PAGE);
    } catch (e) {
      setLoadError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
  }, [a.id, props.version]);

  const users = pages.flat();
  const assign = async (u: User) => {
    setError(undefined);
    await api(`/apps/${a.id}/users`, { method: 'POST', body: { id: u.id, scope: 'USER' } });
    props.onChanged();
  };
  const unassign = async (id: string) => {
    setError(undefined);
    try {
      await api(`/apps/${a.id}/users/${id}`, { method: 'DELETE' });
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const direct = new Set(users.filter((u) => u.scope === 'USER').map((u) => u.id));

  return (
    <section className="card" aria-labelledby="users-h">
      <div className="card-head">
        <h2 id="users-h">People</h2>
        <Button kind={adding ? 'ghost' : 'primary'} onClick={() => setAdding((x) => !x)}>{adding ? 'Done' : 'Assign a person'}</Button>
      </div>
      {adding && (
        <Picker
          label="Find a person to assign"
          placeholder="Name, login or email…"
          search={async (q) => (await api<User[]>(`/users?limit=8${q ? `&q=${encodeURIComponent(q)}` : ''}`)).map((u) => ({ id: u.id, title: [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ') || u.profile.login, sub: u.profile.login, item: u }))}
          isAssigned={(id) => direct.has(id)}
          onPick={(o) => assign(o.item)}
        />
      )}
      {error !== undefined && <ErrorBanner error={error} title="Not removed" />}
      <p className="muted">Everyone who can use the app: assigned directly, or through a group (remove those from the group instead).</p>
      {loading && pages.length === 0 && <Loading what="people" />}
      {loadError !== undefined && <ErrorBanner error={loadError} title="The people assigned could not be loaded" />}
      {!loading && !loadError && users.length === 0 && <Empty title="Nobody can use this app yet">Assign people directly, or assign a group.</Empty>}
      {users.length > 0 && (
        <table className="list" aria-label="People who can use the app">
          <thead>
            <tr><th>Username in the app</th><th>Assigned</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td><a href={href('users', u.id)} className="cell-title">{u.credentials.userName}</a></td>
                <td>{u.scope === 'USER' ? <Badge tone="info">Direct</Badge> : <Badge tone="muted">Via a group</Badge>}</td>
                <td className="cell-actions">
                  {u.scope === 'USER' && (
                    <ConfirmButton
                      small
                      label="Remove"
                      question={`Remove ${u.credentials.userName}?`}
                      consequence="They keep access only if one of their groups is assigned."
                      confirmLabel="Yes, remove"
                      onConfirm={() => unassign(u.id)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <div className="form-actions">
          <Button onClick={() => void load(users[users.length - 1]?.id)} disabled={loading}>{loading ? 'Loading…' : `Show ${USER_PAGE} more`}</Button>
        </div>
      )}
    </section>
  );
}

interface Option<T> {
  id: string;
  title: string;
  sub: string;
  item: T;
}

/** A search box with results to assign, one button each; what is already assigned says so. */
function Picker<T>(props: { label: string; placeholder: string; search(q: string): Promise<Option<T>[]>; isAssigned(id: string): boolean; onPick(o: Option<T>): Promise<void> }) {
  const id = useId();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Option<T>[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const { search } = props;
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      search(q.trim()).then(
        (r) => live && (setResults(r), setError(undefined)),
        (e: unknown) => live && setError(e),
      );
    }, 180);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q]);
  const pick = async (o: Option<T>) => {
    setBusy(o.id);
    setError(undefined);
    try {
      await props.onPick(o);
      setDone(`${o.title} assigned.`);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div className="picker">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="search" className="search" value={q} autoFocus placeholder={props.placeholder} onChange={(e) => setQ(e.target.value)} />
      {error !== undefined && <ErrorBanner error={error} title="Not assigned" />}
      <span role="status" className="sr-only">{done}</span>
      {results && results.length === 0 && <p className="muted">Nothing starts with “{q}”.</p>}
      {results && results.length > 0 && (
        <ul className="picker-results" aria-label="Search results">
          {results.map((o) => {
            const assigned = props.isAssigned(o.id);
            return (
              <li key={o.id}>
                <span>
                  <span className="cell-title">{o.title}</span>
                  {o.sub && <span className="cell-sub"> {o.sub}</span>}
                </span>
                {assigned ? (
                  <span className="muted">Assigned</span>
                ) : (
                  <button type="button" className="btn btn-secondary btn-small" aria-label={`Assign ${o.title}`} disabled={busy !== undefined} onClick={() => void pick(o)}>
                    {busy === o.id ? 'Assigning…' : 'Assign'}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

import { useCallback, useState } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href } from '../../router';
import { Badge, Button, Empty, ErrorBanner, Loading } from '../../components/ui';
import { fullName, type DirGroup, type DirUser } from './directory-types';
import { Picker } from './Picker';
import { Confirm } from './Confirm';
import { directoryChanged } from './paged';

/** The groups a person is in (what group rules see), with adding and removing. */
export function UserGroups(props: { user: DirUser }) {
  const u = props.user;
  const groups = useApi<DirGroup[]>(`/users/${u.id}/groups`);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [removing, setRemoving] = useState<DirGroup | undefined>();
  const [busy, setBusy] = useState(false);
  const memberOf = new Set((groups.data ?? []).map((g) => g.id));

  const add = async (g: DirGroup) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/groups/${g.id}/users/${u.id}`, { method: 'PUT' });
      directoryChanged();
      setMessage(`Added ${fullName(u)} to ${g.profile.name}. Rules that include ${g.profile.name} now apply to them.`);
      groups.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (g: DirGroup) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/groups/${g.id}/users/${u.id}`, { method: 'DELETE' });
      directoryChanged();
      setMessage(`Removed ${fullName(u)} from ${g.profile.name}.`);
      groups.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setRemoving(undefined);
    }
  };

  const pathFor = useCallback((text: string) => `/groups?limit=20${text ? `&q=${encodeURIComponent(text)}` : ''}`, []);

  return (
    <div className="card">
      <div className="dir-card-head">
        <h2>Groups</h2>
        <span className="muted">Access policy rules and the groups claim see these.</span>
      </div>
      <div className="dir-add-row">
        <Picker<DirGroup>
          label="Add to a group"
          placeholder="Group name starts with…"
          pathFor={pathFor}
          disabled={busy}
          toOption={(g) => ({
            id: g.id,
            title: g.profile.name,
            sub: g.profile.description ?? undefined,
            blocked: g.type !== 'OKTA_GROUP' ? 'built in' : memberOf.has(g.id) ? 'already a member' : undefined,
          })}
          onPick={(g) => void add(g)}
        />
      </div>
      {message && <div className="banner banner-ok" role="status"><span>{message}</span></div>}
      {error !== undefined && <ErrorBanner error={error} title="Membership not changed" />}
      {removing && (
        <Confirm title={`Remove ${fullName(u)} from ${removing.profile.name}?`} confirmLabel="Remove from group" busy={busy} onConfirm={() => void remove(removing)} onCancel={() => setRemoving(undefined)}>
          Rules and claims that rely on {removing.profile.name} stop applying to them at their next token.
        </Confirm>
      )}
      {groups.loading && !groups.data && <Loading what="groups" />}
      {groups.error !== undefined && <ErrorBanner error={groups.error} title="The groups could not be read" />}
      {groups.data && groups.data.length === 0 && <Empty title="In no groups" />}
      {groups.data && groups.data.length > 0 && (
        <table className="list" aria-label="Group memberships">
          <thead><tr><th>Group</th><th>Type</th><th /></tr></thead>
          <tbody>
            {groups.data.map((g) => (
              <tr key={g.id}>
                <td>
                  <a className="cell-title" href={href('groups', g.id)}>{g.profile.name}</a>
                  {g.profile.description && <div className="cell-sub">{g.profile.description}</div>}
                </td>
                <td><Badge tone={g.type === 'BUILT_IN' ? 'muted' : 'info'}>{g.type}</Badge></td>
                <td className="dir-right">
                  {g.type === 'OKTA_GROUP'
                    ? <Button kind="ghost" disabled={busy} onClick={() => setRemoving(g)}>Remove<span className="dir-sr-only"> from {g.profile.name}</span></Button>
                    : <span className="muted dir-cell-note">Every user is in it</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

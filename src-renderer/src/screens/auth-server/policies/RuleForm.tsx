import { useCallback, useState } from 'react';
import { api, ApiError } from '../../../api/client';
import type { Rule, Scope } from '../../../api/types';
import { Button, Field } from '../../../components/ui';
import { searchUsers, useDirectory, useNames, userName } from './directory';
import { causesFor, DurationInput, FieldSet, FormProblem } from './fields';
import { Picker, type PickOption } from './Picker';
import { ruleBody } from './data';
import { ANY_SCOPE, EVERYONE } from './types';
import { duration, GRANTS } from './words';

/** Lifetime bounds the server enforces (src-server/authz/policies.ts LIFETIME). */
const LIFETIME = { accessMin: 5, accessMax: 1440, refreshMax: 5 * 525_600, windowMin: 10, windowMax: 2_628_000 };

const FIELDS = [
  'name', 'conditions.grantTypes', 'conditions.people', 'conditions.scopes',
  'actions.token.accessTokenLifetimeMinutes', 'actions.token.refreshTokenLifetimeMinutes', 'actions.token.refreshTokenWindowMinutes',
];

/** People as the picker holds them: `u:<id>` for a user, `g:<id>` for a group. */
type Who = string;

function peopleOf(r: Rule | undefined, which: 'include' | 'exclude'): Who[] {
  if (!r) return [];
  const p = r.conditions.people;
  return [...p.groups[which].filter((g) => g !== EVERYONE).map((g) => `g:${g}`), ...p.users[which].map((u) => `u:${u}`)];
}

function split(who: Who[]) {
  return { users: who.filter((w) => w.startsWith('u:')).map((w) => w.slice(2)), groups: who.filter((w) => w.startsWith('g:')).map((w) => w.slice(2)) };
}

/**
 * Create or edit a rule as a sentence: IF the grant type is one of these, AND the user is one of
 * these people, AND the scopes asked for are among these, THEN the tokens last this long.
 */
export function RuleForm(props: { base: string; policyId: string; policyName: string; rule?: Rule; scopes?: Scope[]; onDone(saved?: Rule): void; onDeleted?(): void }) {
  const r = props.rule;
  const names = useNames();
  const groups = useDirectory((s) => s.groups);
  const rememberUser = useDirectory((s) => s.rememberUser);
  const idp = r ? `rf-${r.id}` : `rf-new-${props.policyId}`;

  const [name, setName] = useState(r?.name ?? '');
  const [grants, setGrants] = useState<string[]>(r?.conditions.grantTypes.include ?? ['authorization_code']);
  const [everyone, setEveryone] = useState(r ? r.conditions.people.groups.include.includes(EVERYONE) : true);
  const [include, setInclude] = useState<Who[]>(peopleOf(r, 'include'));
  const [exclude, setExclude] = useState<Who[]>(peopleOf(r, 'exclude'));
  const [showExclude, setShowExclude] = useState(exclude.length > 0);
  const [anyScope, setAnyScope] = useState(r ? r.conditions.scopes.include.includes(ANY_SCOPE) : true);
  const [scopes, setScopes] = useState<string[]>(r?.conditions.scopes.include.filter((s) => s !== ANY_SCOPE) ?? []);
  const t = r?.actions.token;
  const [access, setAccess] = useState(t?.accessTokenLifetimeMinutes ?? 60);
  const [refreshUnlimited, setRefreshUnlimited] = useState((t?.refreshTokenLifetimeMinutes ?? 0) === 0);
  const [refresh, setRefresh] = useState(t && t.refreshTokenLifetimeMinutes !== 0 ? t.refreshTokenLifetimeMinutes : 90 * 1440);
  const [idle, setIdle] = useState(t?.refreshTokenWindowMinutes ?? 7 * 1440);

  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [touched, setTouched] = useState(false);
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  const edit = (field: string) => setDirty((d) => (d.has(field) ? d : new Set(d).add(field)));

  const userless = grants.length > 0 && grants.every((g) => g === 'client_credentials');
  const refreshMinutes = refreshUnlimited ? 0 : refresh;
  const local = {
    name: !name.trim() ? 'Give the rule a name, e.g. “Staff may read orders”.' : name.trim().length > 100 ? 'At most 100 characters.' : undefined,
    grants: grants.length === 0 ? 'Tick at least one grant type.' : undefined,
    people: !everyone && include.length === 0 ? 'Choose at least one user or group, or let any user assigned the app through.' : undefined,
    scopes: !anyScope && scopes.length === 0 ? 'Choose at least one scope, or allow any scope.' : undefined,
    access: !Number.isFinite(access) ? 'A whole number of minutes, hours or days.' : access < LIFETIME.accessMin ? 'At least 5 minutes.' : access > LIFETIME.accessMax ? 'At most 1 day (1440 minutes).' : undefined,
    refresh: refreshUnlimited ? undefined : !Number.isFinite(refresh) ? 'A whole number of minutes, hours or days.' : refresh > LIFETIME.refreshMax ? 'At most 5 years.' : Number.isFinite(access) && refresh < access ? `At least the access token’s ${duration(access)}.` : undefined,
    window: !Number.isFinite(idle) ? 'A whole number of minutes, hours or days.' : idle < LIFETIME.windowMin ? 'At least 10 minutes.' : idle > LIFETIME.windowMax ? 'At most 5 years.'
      : Number.isFinite(access) && idle < access ? `At least the access token’s ${duration(access)}.`
      : !refreshUnlimited && Number.isFinite(refresh) && idle > refresh ? `No longer than the refresh token’s ${duration(refresh)}.` : undefined,
  };
  const invalid = Object.values(local).some(Boolean);
  // The server names users and groups by id; say who they are.
  const named = (m: string | undefined) => m?.replace(/'([0-9A-Za-z]{20})'/g, (all, id: string) => {
    const n = names.user(id) !== id ? names.user(id) : names.group(id) !== id ? names.group(id) : undefined;
    return n ? `“${n}” (${id})` : all;
  });
  const show = (field: keyof typeof local, ...server: string[]) => ((touched || dirty.has(field)) ? local[field] : undefined) ?? named(causesFor(error, ...server));

  const searchPeople = useCallback(async (q: string, signal: AbortSignal): Promise<PickOption[]> => {
    const needle = q.toLowerCase();
    const gs = (groups ?? [])
      .filter((g) => !needle || g.profile.name.toLowerCase().includes(needle))
      .slice(0, 6)
      .map((g) => ({ id: `g:${g.id}`, label: g.profile.name, sub: g.type === 'BUILT_IN' ? 'built-in group' : 'group', kind: 'group' as const }));
    const us = await searchUsers(q, signal).catch(() => []);
    for (const u of us) rememberUser(u);
    return [...gs, ...us.map((u) => ({ id: `u:${u.id}`, label: userName(u), sub: u.profile.login, kind: 'user' as const }))];
  }, [groups, rememberUser]);

  const searchScopes = useCallback((q: string): PickOption[] => {
    const needle = q.toLowerCase();
    return (props.scopes ?? [])
      .filter((s) => !needle || s.name.toLowerCase().includes(needle))
      .map((s) => ({ id: s.name, label: s.name, sub: s.description ?? s.displayName, kind: 'scope' as const }));
  }, [props.scopes]);

  const whoOption = (w: Who): PickOption => (w.startsWith('g:')
    ? { id: w, label: names.group(w.slice(2)), kind: 'group' }
    : { id: w, label: names.user(w.slice(2)), sub: names.userLogin(w.slice(2)), kind: 'user' });

  const save = async () => {
    setTouched(true);
    if (invalid) return;
    setBusy(true);
    setError(undefined);
    const inc = split(include);
    const exc = split(exclude);
    const body = {
      ...(r ? ruleBody(r) : { type: 'RESOURCE_ACCESS', status: 'ACTIVE' }),
      name: name.trim(),
      conditions: {
        grantTypes: { include: grants },
        people: everyone
          ? { users: { include: [], exclude: showExclude ? exc.users : [] }, groups: { include: [EVERYONE], exclude: showExclude ? exc.groups : [] } }
          : { users: { include: inc.users, exclude: showExclude ? exc.users : [] }, groups: { include: inc.groups, exclude: showExclude ? exc.groups : [] } },
        scopes: { include: anyScope ? [ANY_SCOPE] : scopes },
      },
      actions: { token: { ...(t?.inlineHook ? { inlineHook: t.inlineHook } : {}), accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refreshMinutes, refreshTokenWindowMinutes: idle } },
    };
    try {
      const saved = await api<Rule>(r ? `${props.base}/${props.policyId}/rules/${r.id}` : `${props.base}/${props.policyId}/rules`, { method: r ? 'PUT' : 'POST', body });
      props.onDone(saved);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!r) return;
    setBusy(true);
    try {
      await api(`${props.base}/${props.policyId}/rules/${r.id}`, { method: 'DELETE' });
      props.onDeleted?.();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
      setBusy(false);
    }
  };

  const toggleGrant = (g: string, on: boolean) => {
    setGrants((gs) => (on ? [...gs, g] : gs.filter((x) => x !== g)));
    edit('grants');
  };
  const grantBox = (g: (typeof GRANTS)[number]) => (
    <label key={g.id} className="checkbox pl-grant-box" title={g.hint}>
      <input type="checkbox" checked={grants.includes(g.id)} onChange={(e) => toggleGrant(g.id, e.target.checked)} />
      <span>{g.label}</span>
    </label>
  );

  return (
    <form className="pl-rule-form" aria-label={r ? `Edit rule ${r.name}` : `New rule in ${props.policyName}`} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
      <h3>{r ? `Edit rule “${r.name}”` : `New rule in “${props.policyName}”`}</h3>
      <FormProblem error={error} placed={FIELDS} title={r ? 'The rule was not saved' : 'The rule was not created'} />
      <div className="form-grid">
        <Field label="Rule name" htmlFor={`${idp}-name`} error={show('name', 'name')}>
          <input id={`${idp}-name`} value={name} autoFocus onChange={(e) => { setName(e.target.value); edit('name'); }} placeholder="Staff may read orders" aria-invalid={!!show('name', 'name') || undefined} />
        </Field>
      </div>

      <div className="pl-rule-sentence">
        <FieldSet legend={<><span className="pl-kw">IF</span> the grant type is one of</>} id={`${idp}-grants`} error={show('grants', 'conditions.grantTypes')}>
          <div className="pl-grant-groups">
            <div>
              <div className="pl-grant-group-title">Client acting on behalf of itself</div>
              {GRANTS.filter((g) => g.userless).map(grantBox)}
            </div>
            <div>
              <div className="pl-grant-group-title">Client acting on behalf of a user</div>
              <div className="pl-grant-cols">{GRANTS.filter((g) => !g.userless).map(grantBox)}</div>
            </div>
          </div>
        </FieldSet>

        <FieldSet legend={<><span className="pl-kw">AND</span> the user is</>} id={`${idp}-people`} error={show('people', 'conditions.people')}
          hint={userless ? 'Client credentials requests have no user, so this condition does not apply to them.' : undefined}>
          <div className="pl-radio-row">
            <label className="checkbox"><input type="radio" name={`${idp}-who`} checked={everyone} onChange={() => setEveryone(true)} /> Anyone assigned the app</label>
            <label className="checkbox"><input type="radio" name={`${idp}-who`} checked={!everyone} onChange={() => setEveryone(false)} /> These users or groups</label>
          </div>
          {!everyone && (
            <>
              <label className="pl-sr-only" htmlFor={`${idp}-who-pick`}>Users and groups</label>
              <Picker id={`${idp}-who-pick`} selected={include.map(whoOption)} search={searchPeople}
                onAdd={(o) => setInclude((xs) => [...xs, o.id])} onRemove={(id) => { setInclude((xs) => xs.filter((x) => x !== id)); edit('people'); }}
                placeholder="Search users by name or email, or groups by name…" invalid={!!show('people', 'conditions.people')} describedBy={`${idp}-people-msg`} />
            </>
          )}
          {!showExclude ? (
            <button type="button" className="pl-link-btn" onClick={() => setShowExclude(true)}>+ Except some users or groups</button>
          ) : (
            <div className="pl-except">
              <label htmlFor={`${idp}-except-pick`}>Except</label>
              <Picker id={`${idp}-except-pick`} selected={exclude.map(whoOption)} search={async (q, s) => (await searchPeople(q, s)).filter((o) => o.id !== `g:${EVERYONE}`)}
                onAdd={(o) => setExclude((xs) => [...xs, o.id])} onRemove={(id) => setExclude((xs) => xs.filter((x) => x !== id))}
                placeholder="Nobody excluded" />
            </div>
          )}
        </FieldSet>

        <FieldSet legend={<><span className="pl-kw">AND</span> the scopes requested are</>} id={`${idp}-scopes`} error={show('scopes', 'conditions.scopes')}
          hint={anyScope ? 'Any scope this server defines.' : 'Every requested scope must be in this list, or the rule does not match.'}>
          <div className="pl-radio-row">
            <label className="checkbox"><input type="radio" name={`${idp}-sc`} checked={anyScope} onChange={() => setAnyScope(true)} /> Any scopes</label>
            <label className="checkbox"><input type="radio" name={`${idp}-sc`} checked={!anyScope} onChange={() => setAnyScope(false)} /> Only these scopes</label>
          </div>
          {!anyScope && (
            <>
              <label className="pl-sr-only" htmlFor={`${idp}-scope-pick`}>Scopes</label>
              <Picker id={`${idp}-scope-pick`} selected={scopes.map((s) => ({ id: s, label: s, kind: 'scope' }))} search={searchScopes}
                onAdd={(o) => setScopes((xs) => [...xs, o.id])} onRemove={(id) => { setScopes((xs) => xs.filter((x) => x !== id)); edit('scopes'); }}
                placeholder={props.scopes ? 'Type a scope…' : 'Loading scopes…'} invalid={!!show('scopes', 'conditions.scopes')} describedBy={`${idp}-scopes-msg`} />
            </>
          )}
        </FieldSet>

        <FieldSet legend={<><span className="pl-kw pl-kw-then">THEN</span> the tokens last</>} id={`${idp}-life`}>
          <div className="pl-lifetimes">
            <Field label="Access token lifetime" htmlFor={`${idp}-access`} error={show('access', 'actions.token.accessTokenLifetimeMinutes')} hint="Between 5 minutes and 1 day.">
              <DurationInput id={`${idp}-access`} label="Access token lifetime" minutes={access} onChange={(m) => { setAccess(m); edit('access'); }} invalid={!!show('access', 'actions.token.accessTokenLifetimeMinutes')} />
            </Field>
            <Field label="Refresh token lifetime" htmlFor={`${idp}-refresh`} error={show('refresh', 'actions.token.refreshTokenLifetimeMinutes')} hint="Refresh tokens are issued when offline_access is asked for and the app may refresh.">
              <span className="pl-refresh-choice">
                <label className="checkbox"><input type="radio" name={`${idp}-rt`} checked={refreshUnlimited} onChange={() => setRefreshUnlimited(true)} /> Unlimited</label>
                <label className="checkbox"><input type="radio" name={`${idp}-rt`} checked={!refreshUnlimited} onChange={() => setRefreshUnlimited(false)} /> Expires after</label>
              </span>
              <DurationInput id={`${idp}-refresh`} label="Refresh token lifetime" minutes={refresh} disabled={refreshUnlimited} onChange={(m) => { setRefresh(m); edit('refresh'); }} invalid={!!show('refresh', 'actions.token.refreshTokenLifetimeMinutes')} />
            </Field>
            <Field label="…but ends if not used for" htmlFor={`${idp}-window`} error={show('window', 'actions.token.refreshTokenWindowMinutes')} hint="The refresh token window: each use starts it again.">
              <DurationInput id={`${idp}-window`} label="Refresh token window" minutes={idle} onChange={(m) => { setIdle(m); edit('window'); }} invalid={!!show('window', 'actions.token.refreshTokenWindowMinutes')} />
            </Field>
          </div>
        </FieldSet>
      </div>

      <div className="form-actions">
        <Button kind="primary" type="submit" disabled={busy || (touched && invalid)}>{busy ? 'Saving…' : r ? 'Save rule' : 'Create rule'}</Button>
        <Button kind="ghost" onClick={() => props.onDone()}>Cancel</Button>
        <span className="pl-grow" />
        {r && !confirmDelete && <Button kind="danger" onClick={() => setConfirmDelete(true)} disabled={busy}>Delete rule…</Button>}
        {r && confirmDelete && (
          <span className="pl-confirm" role="group" aria-label="Confirm deletion">
            <span>Delete “{r.name}”?</span>
            <Button kind="danger" onClick={() => void remove()} disabled={busy}>Delete</Button>
            <Button kind="ghost" onClick={() => setConfirmDelete(false)}>Keep it</Button>
          </span>
        )}
      </div>
    </form>
  );
}

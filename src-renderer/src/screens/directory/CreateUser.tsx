import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { href, navigate } from '../../router';
import { Button, Field, FormError, Page } from '../../components/ui';
import type { DirGroup, DirUser } from './directory-types';
import { causeForAttr, emailIssue, loginIssue, nameIssue, passwordIssue } from './validation';
import { PasswordRules } from './PasswordRules';
import { setFlash } from './flash';
import { directoryChanged } from './paged';

const FIELDS = ['profile.login', 'login', 'profile.email', 'email', 'profile.firstName', 'profile.lastName', 'password', 'credentials.password.value', 'groupIds'];

/** A new person: the four profile basics, an optional password, and whether they can sign in now. */
export function CreateUser() {
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const [emailEdited, setEmailEdited] = useState(false);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [password, setPassword] = useState('');
  const [activate, setActivate] = useState(true);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [sentWith, setSentWith] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const groups = useApi<DirGroup[]>('/groups?limit=200');

  const effectiveEmail = emailEdited ? email : login;
  const local: Record<string, string | undefined> = {
    login: loginIssue(login.trim()),
    email: emailIssue(effectiveEmail.trim()),
    firstName: nameIssue(firstName, 'The first name'),
    lastName: nameIssue(lastName, 'The last name'),
    password: password ? passwordIssue(password, login) : undefined,
  };
  const values: Record<string, string> = { login, email: effectiveEmail, firstName, lastName, password };
  // A server cause stays beside its field until that field changes.
  const serverCause = (f: string) => {
    if (!error || sentWith[f] !== values[f]) return undefined;
    return f === 'password' ? error.causeFor('password') ?? error.causeFor('credentials.password.value') : causeForAttr(error, f);
  };
  const errorOf = (f: string) => (touched[f] ? local[f] : undefined) ?? serverCause(f);
  const touch = (f: string) => setTouched((t) => ({ ...t, [f]: true }));
  const outcome = !activate ? 'STAGED' : password ? 'ACTIVE' : 'PROVISIONED';

  const submit = async () => {
    setTouched({ login: true, email: true, firstName: true, lastName: true, password: true });
    if (Object.values(local).some(Boolean)) return;
    setSaving(true);
    setError(undefined);
    const profile: Record<string, string> = { login: login.trim(), email: effectiveEmail.trim() };
    if (firstName.trim()) profile.firstName = firstName.trim();
    if (lastName.trim()) profile.lastName = lastName.trim();
    const body: Record<string, unknown> = { profile };
    if (password) body.credentials = { password: { value: password } };
    if (groupIds.length) body.groupIds = groupIds;
    try {
      directoryChanged();
      const user = await api<DirUser>(`/users?activate=${activate}`, { method: 'POST', body });
      setFlash(`user:${user.id}`, `Created ${user.profile.login}. Status ${user.status}: ${user.status === 'ACTIVE' ? 'they can sign in with the password you gave.' : user.status === 'PROVISIONED' ? 'activated, but they cannot sign in until a password is set.' : 'not activated yet; activate them when they should be able to sign in.'}`);
      navigate('users', user.id);
    } catch (e) {
      setSentWith({ ...values });
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setSaving(false);
    }
  };

  const okta = (groups.data ?? []).filter((g) => g.type === 'OKTA_GROUP');
  return (
    <Page title="New user" crumbs={<a href={href('users')}>Users</a>} subtitle="Someone to try your policies on. Everything but the username can change later.">
      <form className="card dir-form" aria-label="New user" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <FormError error={error} fields={FIELDS} title="Not created" />
        <div className="form-grid">
          <Field label="Username" htmlFor="nu-login" hint="An email address; people sign in with it." error={errorOf('login')}>
            <input id="nu-login" value={login} autoFocus autoComplete="off" placeholder="ada@example.com" onChange={(e) => { setLogin(e.target.value); touch('login'); }} aria-invalid={!!errorOf('login')} aria-describedby={errorOf('login') ? 'nu-login-error' : undefined} />
          </Field>
          <Field label="Email" htmlFor="nu-email" hint={emailEdited ? 'Where Okta would write to them.' : 'Same as the username until you change it.'} error={errorOf('email')}>
            <input id="nu-email" value={effectiveEmail} autoComplete="off" onChange={(e) => { setEmailEdited(true); setEmail(e.target.value); touch('email'); }} aria-invalid={!!errorOf('email')} aria-describedby={errorOf('email') ? 'nu-email-error' : undefined} />
          </Field>
          <Field label="First name" htmlFor="nu-first" error={errorOf('firstName')}>
            <input id="nu-first" value={firstName} autoComplete="off" onChange={(e) => { setFirstName(e.target.value); touch('firstName'); }} aria-invalid={!!errorOf('firstName')} />
          </Field>
          <Field label="Last name" htmlFor="nu-last" error={errorOf('lastName')}>
            <input id="nu-last" value={lastName} autoComplete="off" onChange={(e) => { setLastName(e.target.value); touch('lastName'); }} aria-invalid={!!errorOf('lastName')} />
          </Field>
        </div>

        <h3 className="dir-subhead">Sign-in</h3>
        <div className="form-grid">
          <Field label="Password (optional)" htmlFor="nu-password" hint="Without one the user cannot sign in until a password is set." error={errorOf('password')}>
            <input id="nu-password" type="password" value={password} autoComplete="new-password" onChange={(e) => { setPassword(e.target.value); touch('password'); }} aria-invalid={!!errorOf('password')} aria-describedby="nu-password-rules" />
          </Field>
          <div className="field">
            <span className="dir-label">Password policy</span>
            <PasswordRules id="nu-password-rules" password={password} login={login} />
          </div>
        </div>
        <div className="form-actions">
          <label className="checkbox"><input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> Activate now</label>
          <span className="muted">The user will be <strong>{outcome}</strong>{outcome === 'ACTIVE' ? ' and can sign in at once.' : outcome === 'PROVISIONED' ? ': activated, waiting for a password.' : ': created, cannot sign in until activated.'}</span>
        </div>

        {okta.length > 0 && (
          <fieldset className="dir-fieldset">
            <legend>Groups</legend>
            {error?.causeFor('groupIds') && <p className="field-error" role="alert">{error.causeFor('groupIds')}</p>}
            <div className="dir-checks">
              {okta.map((g) => (
                <label className="checkbox" key={g.id}>
                  <input type="checkbox" checked={groupIds.includes(g.id)} onChange={(e) => setGroupIds((ids) => (e.target.checked ? [...ids, g.id] : ids.filter((x) => x !== g.id)))} />
                  {g.profile.name}
                </label>
              ))}
            </div>
            <p className="field-hint">Everyone is built in: every user is in it.</p>
          </fieldset>
        )}

        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={saving}>{saving ? 'Creating…' : 'Create user'}</Button>
          <Button kind="ghost" onClick={() => navigate('users')}>Cancel</Button>
        </div>
      </form>
    </Page>
  );
}

import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { Button, ErrorBanner, Field, FormError } from '../../components/ui';
import { fullDate, relativeDate } from './format';
import { fullName, type DirUser } from './directory-types';
import { passwordIssue } from './validation';
import { PasswordRules } from './PasswordRules';
import { Confirm } from './Confirm';
import { directoryChanged } from './paged';

/** What the person can do after an admin set their password, by status. */
function afterSetWords(u: DirUser): string {
  switch (u.status) {
    case 'ACTIVE':
    case 'PASSWORD_EXPIRED':
      return 'They sign in with it from now on.';
    case 'STAGED':
    case 'PROVISIONED':
      return `Their status is still ${u.status}: activate them (button above) so they can sign in with it.`;
    case 'RECOVERY':
      return 'Their status is still RECOVERY, so they cannot sign in yet: Gatehouse does not move a user out of RECOVERY when an admin sets a password. Deactivate, then Activate, to make them ACTIVE with this password.';
    case 'LOCKED_OUT':
      return 'They are still locked out: unlock them (button above) so they can sign in with it.';
    case 'SUSPENDED':
      return 'They are still suspended: unsuspend them so they can sign in with it.';
    case 'DEPROVISIONED':
      return 'They are deactivated: activate them to let them sign in with it.';
  }
}

/** Setting a password directly, and Okta's reset and expire flows. */
export function UserPassword(props: { user: DirUser; onChanged(message: string): void }) {
  const u = props.user;
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<'reset' | 'expire' | undefined>();
  const [flowError, setFlowError] = useState<unknown>();

  // The server refuses a reset in these statuses (its _links offer it anyway).
  const canReset = !['STAGED', 'DEPROVISIONED', 'SUSPENDED'].includes(u.status);
  const policy = password ? passwordIssue(password, u.profile.login) : touched ? 'Type a new password.' : undefined;
  const mismatch = again && again !== password ? 'The two passwords differ.' : undefined;
  const serverCause = error?.causeFor('password') ?? error?.causeFor('credentials.password.value');

  const set = async () => {
    setTouched(true);
    if (!password || passwordIssue(password, u.profile.login) || again !== password) return;
    setBusy(true);
    setError(undefined);
    try {
      directoryChanged();
      const next = await api<DirUser>(`/users/${u.id}`, { method: 'POST', body: { credentials: { password: { value: password } } } });
      setPassword('');
      setAgain('');
      setTouched(false);
      props.onChanged(`Password set for ${fullName(next)} at ${fullDate(next.passwordChanged)}. ${afterSetWords(next)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };

  const flow = async (which: 'reset' | 'expire') => {
    setBusy(true);
    setFlowError(undefined);
    directoryChanged();
    try {
      if (which === 'reset') {
        await api(`/users/${u.id}/lifecycle/reset_password?sendEmail=false`, { method: 'POST' });
        props.onChanged(`Password reset: ${fullName(u)} is now RECOVERY and cannot sign in with the old password. Okta would email a reset link; Gatehouse sends no email, so set a new password here.`);
      } else {
        await api(`/users/${u.id}/lifecycle/expire_password`, { method: 'POST' });
        props.onChanged(`Password expired: ${fullName(u)} is now PASSWORD_EXPIRED. At the next sign-in they must choose a new one; until then the resource-owner password grant refuses them.`);
      }
    } catch (e) {
      setFlowError(e);
    } finally {
      setBusy(false);
      setAsking(undefined);
    }
  };

  return (
    <>
      <form className="card" aria-label="Set a password" noValidate onSubmit={(e) => { e.preventDefault(); void set(); }}>
        <div className="dir-card-head">
          <h2>Set a password</h2>
          <span className="muted">{u.credentials?.password ? `Has a password${u.passwordChanged ? `, set ${relativeDate(u.passwordChanged).toLowerCase()}` : ''}.` : 'Has no password yet.'}</span>
        </div>
        <p className="dir-explain">An admin's set: takes effect at once, without the old password and without any email.</p>
        <FormError error={error} fields={['password', 'credentials.password.value']} title="Password not set" />
        <div className="form-grid">
          <Field label="New password" htmlFor="pw-new" error={(touched || password ? policy : undefined) ?? serverCause}>
            <input id="pw-new" type="password" autoComplete="new-password" value={password} onChange={(e) => { setPassword(e.target.value); setError(undefined); }} aria-describedby="pw-rules" aria-invalid={!!(policy && (touched || password))} />
          </Field>
          <Field label="Type it again" htmlFor="pw-again" error={mismatch}>
            <input id="pw-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} aria-invalid={!!mismatch} />
          </Field>
        </div>
        <PasswordRules id="pw-rules" password={password} login={u.profile.login} />
        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={busy || !password || !!policy || again !== password}>Set password</Button>
        </div>
      </form>

      <div className="card">
        <h2>Reset or expire</h2>
        {flowError !== undefined && <ErrorBanner error={flowError} title="Not done" />}
        {asking === 'reset' && (
          <Confirm title={`Reset ${fullName(u)}'s password?`} confirmLabel="Reset password" busy={busy} onConfirm={() => void flow('reset')} onCancel={() => setAsking(undefined)}>
            Their current password stops working and their status becomes RECOVERY until a new password is set.
          </Confirm>
        )}
        {asking === 'expire' && (
          <Confirm title={`Expire ${fullName(u)}'s password?`} confirmLabel="Expire password" busy={busy} onConfirm={() => void flow('expire')} onCancel={() => setAsking(undefined)}>
            Their status becomes PASSWORD_EXPIRED: at the next sign-in they must choose a new password.
          </Confirm>
        )}
        <div className="dir-flows">
          <div>
            <strong>Reset password</strong>
            <p className="dir-explain">Okta's recovery: the old password stops working (status RECOVERY).</p>
            <Button disabled={busy || !canReset} onClick={() => setAsking('reset')}>Reset password…</Button>
            {!canReset && <p className="field-hint">Not possible while the user is {u.status}.</p>}
          </div>
          <div>
            <strong>Expire password</strong>
            <p className="dir-explain">They must choose a new password at the next sign-in (status PASSWORD_EXPIRED).</p>
            <Button disabled={busy || !u._links?.expirePassword || !['ACTIVE', 'PASSWORD_EXPIRED'].includes(u.status)} onClick={() => setAsking('expire')}>Expire password…</Button>
            {!['ACTIVE', 'PASSWORD_EXPIRED'].includes(u.status) && <p className="field-hint">Only for an ACTIVE user.</p>}
          </div>
        </div>
      </div>
    </>
  );
}

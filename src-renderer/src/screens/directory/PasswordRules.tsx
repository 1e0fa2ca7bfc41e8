import { passwordRules } from './validation';

/** The password policy as a checklist that ticks itself off as the password is typed. */
export function PasswordRules(props: { id: string; password: string; login: string }) {
  const rules = passwordRules(props.password, props.login);
  return (
    <ul className="dir-rules" id={props.id} aria-label="Password policy">
      {rules.map((r) => {
        const state = !props.password ? 'idle' : r.ok ? 'ok' : 'no';
        return (
          <li key={r.id} className={`dir-rule dir-rule-${state}`}>
            <span aria-hidden="true">{state === 'ok' ? '✓' : state === 'no' ? '✗' : '•'}</span> {r.words}
            <span className="dir-sr-only">{state === 'ok' ? ' (met)' : state === 'no' ? ' (not met)' : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

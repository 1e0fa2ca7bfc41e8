import { useSession } from '../store/session';
import { useTheme, type ThemeChoice } from '../store/theme';
import { Button, Page } from '../components/ui';

export function SettingsScreen() {
  const { info, signOut } = useSession();
  const { choice, setChoice } = useTheme();
  return (
    <Page title="Settings" subtitle="This workbench and the server it talks to.">
      <div className="card">
        <h2>Appearance</h2>
        <div role="radiogroup" aria-label="Theme" className="actions">
          {(['system', 'light', 'dark'] as ThemeChoice[]).map((c) => (
            <label key={c} className="checkbox">
              <input type="radio" name="theme" value={c} checked={choice === c} onChange={() => setChoice(c)} />
              {c === 'system' ? 'Follow the system' : c === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </div>
      </div>
      <div className="card">
        <h2>Server</h2>
        <dl className="kv">
          <dt>Org URL</dt>
          <dd><code>{info?.orgUrl}</code></dd>
          <dt>Version</dt>
          <dd>{info?.name} {info?.version}</dd>
          <dt>Org authorization server</dt>
          <dd><code>{info?.orgUrl}/.well-known/openid-configuration</code></dd>
          <dt>Management API</dt>
          <dd><code>{info?.orgUrl}/api/v1</code> with <code>Authorization: SSWS &lt;admin token&gt;</code></dd>
        </dl>
      </div>
      <div className="card">
        <h2>This browser</h2>
        <p className="muted">Signed in with the one-time link the server printed. Signing out ends this browser's session; a new link comes from the next <code>gatehouse serve</code>.</p>
        <Button kind="danger" onClick={() => void signOut()}>Sign out</Button>
      </div>
    </Page>
  );
}

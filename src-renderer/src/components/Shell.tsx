import { useEffect, type ReactNode } from 'react';
import { useSession } from '../store/session';
import { useRoute, href, navigate } from '../router';

const NAV: { id: string; label: string; key: string; group?: string }[] = [
  { id: 'authorization-servers', label: 'Authorization Servers', key: 'a', group: 'Design' },
  { id: 'applications', label: 'Applications', key: 'p' },
  { id: 'users', label: 'Users', key: 'u', group: 'Directory' },
  { id: 'groups', label: 'Groups', key: 'g' },
  { id: 'simulator', label: 'Simulator', key: 's', group: 'Test' },
  { id: 'scenarios', label: 'Scenarios', key: 'c' },
  { id: 'inspector', label: 'Token Inspector', key: 'i' },
  { id: 'system-log', label: 'System Log', key: 'l', group: 'Observe' },
  { id: 'workspace', label: 'Workspace', key: 'w' },
  { id: 'settings', label: 'Settings', key: ',' },
];

/** Navigation, the server's address and state always in view, and the screen. */
export function Shell(props: { children: ReactNode }) {
  const route = useRoute();
  const section = route[0] ?? 'authorization-servers';
  const { info } = useSession();

  // Alt+key jumps to a section (shown in each link's title); plain keys stay with the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const hit = NAV.find((n) => n.key === e.key.toLowerCase());
      if (hit) {
        e.preventDefault();
        navigate(hit.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <aside className="sidebar">
        <div className="brand">
          <Logo />
          <span>Gatehouse</span>
        </div>
        <nav aria-label="Workbench">
          {NAV.map((n) => (
            <div key={n.id}>
              {n.group && <div className="nav-group">{n.group}</div>}
              <a href={href(n.id)} className={section === n.id ? 'nav-link nav-current' : 'nav-link'} aria-current={section === n.id ? 'page' : undefined} title={`${n.label} (Alt+${n.key.toUpperCase()})`}>
                {n.label}
              </a>
            </div>
          ))}
        </nav>
        <div className="server-state" aria-live="polite">
          <span className="dot dot-good" aria-hidden="true" />
          <div>
            <div className="server-state-title">Server running</div>
            <code data-testid="server-url">{info?.orgUrl}</code>
          </div>
        </div>
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}

function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="3" y="9" width="18" height="12" rx="2" fill="currentColor" opacity="0.25" />
      <path d="M7 9V7a5 5 0 0 1 10 0v2" fill="none" stroke="currentColor" strokeWidth="2" />
      <circle cx="12" cy="15" r="2" fill="currentColor" />
    </svg>
  );
}

import { useEffect, useState } from 'react';

interface ServerInfo {
  name: string;
  version: string;
  orgUrl: string;
}

/**
 * Placeholder screen until the workbench UI lands: it proves the renderer is served by the same
 * server and can reach it over HTTP, and tells the visitor where things stand.
 */
export function App() {
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch('/api/v1/gatehouse/info')
      .then(async (res) => {
        if (!res.ok) throw new Error(`The server answered ${res.status}.`);
        setInfo((await res.json()) as ServerInfo);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '64px auto', lineHeight: 1.5, color: '#1f2933' }}>
      <h1 style={{ fontSize: 28, marginBottom: 4 }}>Gatehouse</h1>
      <p style={{ marginTop: 0, color: '#52606d' }}>Offline workbench for OAuth 2.0 and OpenID Connect access management.</p>
      {info && (
        <p data-testid="server-status">
          Authorization server <strong>{info.name} {info.version}</strong> is running at <code>{info.orgUrl}</code>.
        </p>
      )}
      {error && <p role="alert" style={{ color: '#b42318' }}>Could not reach the server: {error}</p>}
      <p>
        The editors, simulator and token inspector are on their way. Until then, use the Okta-compatible
        Management API under <code>/api/v1</code>.
      </p>
    </main>
  );
}

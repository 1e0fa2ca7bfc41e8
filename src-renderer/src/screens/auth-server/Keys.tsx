import { useState } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer, SigningKeyWire } from '../../api/types';
import { Badge, Button, ErrorBanner, Loading } from '../../components/ui';

const MEANING: Record<SigningKeyWire['status'], string> = {
  ACTIVE: 'Signs every token this server mints now.',
  NEXT: 'Published ahead of time; becomes ACTIVE at the next rotation, so clients already have it.',
  EXPIRED: 'No longer signs; still published so tokens it signed keep verifying.',
};

export function KeysTab(props: { server: AuthServer }) {
  const keys = useApi<SigningKeyWire[]>(`/authorizationServers/${props.server.id}/credentials/keys`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const rotate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/authorizationServers/${props.server.id}/credentials/lifecycle/keyRotate`, { method: 'POST', body: { use: 'sig' } });
      keys.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="actions" style={{ marginBottom: 12, alignItems: 'center' }}>
        <Button kind="primary" onClick={() => void rotate()} disabled={busy}>{busy ? 'Rotating…' : 'Rotate keys now'}</Button>
        <span className="muted">NEXT becomes ACTIVE, ACTIVE becomes EXPIRED, and a new NEXT key is made.</span>
      </div>
      {error !== undefined && <ErrorBanner error={error} title="The keys were not rotated" />}
      {keys.loading && !keys.data && <Loading what="keys" />}
      {keys.error !== undefined && <ErrorBanner error={keys.error} />}
      {keys.data && (
        <table className="list" aria-label="Signing keys">
          <thead><tr><th>Key id (kid)</th><th>Status</th><th>What it does</th></tr></thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.kid}>
                <td><code>{k.kid}</code><div className="cell-sub">{k.alg}, {k.use}</div></td>
                <td><Badge>{k.status}</Badge></td>
                <td>{MEANING[k.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

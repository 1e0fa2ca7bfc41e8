import { useApi } from '../api/use-api';
import type { AuthServer } from '../api/types';
import { href } from '../router';
import { Badge, ErrorBanner, Loading, Page, Tabs } from '../components/ui';
import { ServerSettings } from './auth-server/Settings';
import { ScopesTab } from './auth-server/Scopes';
import { ClaimsTab } from './auth-server/Claims';
import { KeysTab } from './auth-server/Keys';
import { PoliciesTab } from './auth-server/Policies';
import { PreviewTab } from './auth-server/Preview';
import { MatrixTab } from './auth-server/Matrix';

const TABS = [
  { id: 'settings', label: 'Settings' },
  { id: 'scopes', label: 'Scopes' },
  { id: 'claims', label: 'Claims' },
  { id: 'policies', label: 'Access Policies' },
  { id: 'matrix', label: 'Access Matrix' },
  { id: 'keys', label: 'Keys' },
  { id: 'preview', label: 'Token Preview' },
];

/** One authorization server: a tab per part, each with its own URL. */
export function AuthServerScreen(props: { id: string; tab: string; rest: string[] }) {
  const server = useApi<AuthServer>(`/authorizationServers/${encodeURIComponent(props.id)}`);
  const s = server.data;
  return (
    <Page
      title={s?.name ?? 'Authorization server'}
      crumbs={<a href={href('authorization-servers')}>Authorization Servers</a>}
      subtitle={s && <><Badge>{s.status}</Badge> <code>{s.issuer}</code></>}
    >
      {server.loading && !s && <Loading what="the authorization server" />}
      {server.error !== undefined && <ErrorBanner error={server.error} title="This authorization server could not be loaded" />}
      {s && (
        <>
          <Tabs current={props.tab} tabs={TABS.map((t) => ({ ...t, href: href('authorization-servers', s.id, t.id) }))} />
          {props.tab === 'settings' && <ServerSettings server={s} onChange={server.reload} />}
          {props.tab === 'scopes' && <ScopesTab server={s} />}
          {props.tab === 'claims' && <ClaimsTab server={s} />}
          {props.tab === 'policies' && <PoliciesTab server={s} rest={props.rest} />}
          {props.tab === 'matrix' && <MatrixTab server={s} />}
          {props.tab === 'keys' && <KeysTab server={s} />}
          {props.tab === 'preview' && <PreviewTab server={s} />}
        </>
      )}
    </Page>
  );
}

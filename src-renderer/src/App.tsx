import { useEffect, type ReactNode } from 'react';
import { useSession } from './store/session';
import { useRoute, href } from './router';
import { Shell } from './components/Shell';
import { AuthServersScreen } from './screens/AuthServers';
import { AuthServerScreen } from './screens/AuthServer';
import { SystemLogScreen } from './screens/SystemLog';
import { SettingsScreen } from './screens/Settings';
import { ApplicationsScreen } from './screens/Applications';
import { UsersScreen } from './screens/Users';
import { GroupsScreen } from './screens/Groups';
import { InspectorScreen } from './screens/inspector/InspectorScreen';
import { SimulatorScreen } from './screens/simulator/SimulatorScreen';
import { ScenariosScreen } from './screens/scenarios/ScenariosScreen';
import { WorkspaceScreen } from './screens/workspace/WorkspaceScreen';
import { Empty, Loading, Page } from './components/ui';

/** The workbench: the session gate, then the shell with one screen per route. */
export function App() {
  const { status, check, info, message } = useSession();
  useEffect(() => {
    void check();
  }, [check]);

  if (status === 'loading') return <Centered><Loading what="Gatehouse" /></Centered>;
  if (status === 'unreachable') {
    return (
      <Centered>
        <h1>Gatehouse cannot reach its server</h1>
        <p>{message}</p>
        <p>Start it with <code>npm run serve</code>, then reload this page.</p>
      </Centered>
    );
  }
  if (status === 'signed-out') {
    return (
      <Centered>
        <h1>Sign in to the workbench</h1>
        <p>
          This window is not signed in. Open the link that <code>gatehouse serve</code> printed when it started
          (“open the workbench”); it signs this browser in once. The server runs at <code>{info?.orgUrl}</code>.
        </p>
        <p className="muted">The Management API still answers with the admin token: <code>Authorization: SSWS &lt;token&gt;</code>.</p>
      </Centered>
    );
  }
  return (
    <Shell>
      <Routes />
    </Shell>
  );
}

function Routes() {
  const route = useRoute();
  const [section, id, tab, ...rest] = route;
  switch (section) {
    case undefined:
    case 'authorization-servers':
      return id ? <AuthServerScreen id={id} tab={tab ?? 'settings'} rest={rest} /> : <AuthServersScreen />;
    case 'applications':
      return <ApplicationsScreen id={id} tab={tab} />;
    case 'users':
      return <UsersScreen id={id} tab={tab} />;
    case 'groups':
      return <GroupsScreen id={id} tab={tab} />;
    case 'simulator':
      return <SimulatorScreen />;
    case 'scenarios':
      return <ScenariosScreen />;
    case 'inspector':
      return <InspectorScreen />;
    case 'workspace':
      return <WorkspaceScreen tab={id} />;
    case 'system-log':
      return <SystemLogScreen />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return (
        <Page title="Not found">
          <Empty title="There is nothing at this address.">
            <a href={href('authorization-servers')}>Go to the authorization servers</a>
          </Empty>
        </Page>
      );
  }
}

function Centered(props: { children: ReactNode }) {
  return <main className="centered">{props.children}</main>;
}

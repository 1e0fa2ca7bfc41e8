import { Page, Tabs } from '../../components/ui';
import { href } from '../../router';
import { ExportTab } from './ExportTab';
import { DocumentTab } from './DocumentTab';
import { RemoteTab } from './RemoteTab';
import './workspace.css';

const TABS = [
  { id: 'export', label: 'Export' },
  { id: 'import', label: 'Import' },
  { id: 'compare', label: 'Compare with a file' },
  { id: 'pull', label: 'Pull from Okta' },
  { id: 'push', label: 'Push to Okta' },
];

/** The workspace as a file (git, CI, another laptop) and as a real Okta org. */
export function WorkspaceScreen(props: { tab?: string }) {
  const tab = TABS.some((t) => t.id === props.tab) ? props.tab! : 'export';
  return (
    <Page
      title="Workspace"
      subtitle="Keep your access design in a file, compare it with the workspace, and move it to and from an Okta org. Objects refer to each other by name, so files diff well and move between orgs."
    >
      <Tabs tabs={TABS.map((t) => ({ ...t, href: href('workspace', t.id) }))} current={tab} />
      {tab === 'export' && <ExportTab />}
      {tab === 'import' && <DocumentTab mode="import" />}
      {tab === 'compare' && <DocumentTab mode="compare" />}
      {tab === 'pull' && <RemoteTab direction="pull" />}
      {tab === 'push' && <RemoteTab direction="push" />}
    </Page>
  );
}

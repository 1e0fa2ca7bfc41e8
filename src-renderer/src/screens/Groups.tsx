import { PlaceholderScreen } from './Placeholder';

export function GroupsScreen(_props: { id?: string; tab?: string }) {
  return <PlaceholderScreen title="Groups" what="Being built." />;
}

import { PlaceholderScreen } from './Placeholder';

export function ApplicationsScreen(_props: { id?: string; tab?: string }) {
  return <PlaceholderScreen title="Applications" what="Being built." />;
}

import { PlaceholderScreen } from './Placeholder';

export function UsersScreen(_props: { id?: string; tab?: string }) {
  return <PlaceholderScreen title="Users" what="Being built." />;
}

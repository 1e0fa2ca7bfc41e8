import type { AuthServer } from '../../api/types';
import { Empty } from '../../components/ui';

export function PoliciesTab(_props: { server: AuthServer; rest: string[] }) {
  return <Empty title="Access policies">Being built.</Empty>;
}

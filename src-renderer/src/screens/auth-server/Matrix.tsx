import type { AuthServer } from '../../api/types';
import { Empty } from '../../components/ui';

export function MatrixTab(_props: { server: AuthServer }) {
  return <Empty title="Access matrix">Being built.</Empty>;
}

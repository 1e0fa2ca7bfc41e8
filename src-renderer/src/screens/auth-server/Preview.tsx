import type { AuthServer } from '../../api/types';
import { Empty } from '../../components/ui';

export function PreviewTab(_props: { server: AuthServer }) {
  return <Empty title="Token preview">Being built.</Empty>;
}

import './directory/directory.css';
import { GroupsList } from './directory/GroupsList';
import { CreateGroup, GroupDetail } from './directory/GroupDetail';

/** `#/groups`, `#/groups/new`, `#/groups/<groupId>`. */
export function GroupsScreen(props: { id?: string; tab?: string }) {
  if (!props.id) return <GroupsList />;
  if (props.id === 'new') return <CreateGroup />;
  return <GroupDetail key={props.id} id={props.id} />;
}

import './directory/directory.css';
import { UsersList } from './directory/UsersList';
import { CreateUser } from './directory/CreateUser';
import { UserDetail } from './directory/UserDetail';

/** `#/users`, `#/users/new`, `#/users/<userId>[/profile|groups|password]`. */
export function UsersScreen(props: { id?: string; tab?: string }) {
  if (!props.id) return <UsersList />;
  if (props.id === 'new') return <CreateUser />;
  return <UserDetail key={props.id} id={props.id} tab={props.tab ?? 'profile'} />;
}

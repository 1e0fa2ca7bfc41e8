import { AppListScreen } from './applications/AppList';
import { CreateAppScreen } from './applications/CreateApp';
import { AppDetailScreen } from './applications/AppDetail';
import './applications/applications.css';

/**
 * `#/applications`: the list; `#/applications/new[/<type>]`: the create forms;
 * `#/applications/<appId>[/<tab>]`: one app (general, credentials, assignments).
 * Its styles are scoped to `.apps-screen`, so they cannot change other screens.
 */
export function ApplicationsScreen(props: { id?: string; tab?: string }) {
  return (
    <div className="apps-screen">
      {!props.id ? <AppListScreen /> : props.id === 'new' ? <CreateAppScreen type={props.tab} /> : <AppDetailScreen key={props.id} id={props.id} tab={props.tab} />}
    </div>
  );
}

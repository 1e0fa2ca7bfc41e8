import { useCallback, useState } from 'react';
import { href, navigate } from '../../router';
import { Badge, Button, Empty, ErrorBanner, Loading, Page } from '../../components/ui';
import { fullDate, relativeDate, shortDate } from './format';
import { VirtualList, type Column } from './VirtualList';
import { usePagedList, useDebounced } from './paged';
import type { DirGroup } from './directory-types';
import { useFlash } from './flash';

const COLUMNS: Column[] = [
  { id: 'name', label: 'Group', width: 'minmax(240px, 2.5fr)' },
  { id: 'type', label: 'Type', width: '130px' },
  { id: 'members', label: 'Members changed', width: '150px' },
  { id: 'created', label: 'Created', width: '130px' },
];

const lastSearch = { text: '' };

export function GroupsList() {
  const [text, setText] = useState(lastSearch.text);
  const q = useDebounced(text.trim(), 200);
  lastSearch.text = q;
  const groups = usePagedList<DirGroup>(`/groups?limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}`, 'groups');
  const [flash] = useFlash('groups');
  const { items, loadMore } = groups;
  const onRange = useCallback((_f: number, last: number) => {
    if (last >= items.length - 40) loadMore();
  }, [items.length, loadMore]);

  return (
    <Page
      title="Groups"
      subtitle="Policy rules include and exclude people by group; the groups claim lists them."
      actions={<Button kind="primary" onClick={() => navigate('groups', 'new')}>New group</Button>}
    >
      {flash && <div className="banner banner-ok" role="status"><span>{flash}</span></div>}
      <div className="dir-toolbar" role="search" aria-label="Find groups">
        <input className="search dir-search" type="search" aria-label="Search groups" placeholder="Group name starts with…" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="dir-count" role="status" aria-live="polite">
          {groups.loading && items.length === 0 ? 'Searching…' : `${items.length.toLocaleString()}${groups.done ? '' : '+'} ${items.length === 1 ? 'group' : 'groups'}`}
        </span>
      </div>
      {groups.error !== undefined && items.length === 0 && <ErrorBanner error={groups.error} title="The groups could not be read" />}
      {groups.loading && items.length === 0 && <Loading what="groups" />}
      {!groups.loading && groups.error === undefined && items.length === 0 && (
        q ? <Empty title={`No group name starts with “${q}”`} /> : <Empty title="No groups yet">Groups let one policy rule cover many people.</Empty>
      )}
      {items.length > 0 && (
        <VirtualList
          label="Groups"
          idPrefix="groups"
          columns={COLUMNS}
          count={items.length}
          complete={groups.done}
          rowHeight={52}
          height="max(320px, calc(100vh - 215px))"
          rowKey={(i) => items[i]!.id}
          onOpen={(i) => navigate('groups', items[i]!.id)}
          onRange={onRange}
          initialScrollTop={groups.initialScrollTop}
          onScrollTop={groups.rememberScroll}
          footer={groups.done ? undefined : <span className="muted">{groups.loading ? 'Reading more groups…' : 'Scroll for more'}</span>}
          renderCells={(i) => {
            const g = items[i]!;
            return [
              <div key="n" className="dir-person-text">
                <a className="cell-title" tabIndex={-1} href={href('groups', g.id)}>{g.profile.name}</a>
                <div className="cell-sub dir-ellipsis">{g.profile.description || (g.type === 'BUILT_IN' ? 'Every user' : '—')}</div>
              </div>,
              <Badge key="t" tone={g.type === 'BUILT_IN' ? 'muted' : 'info'}>{g.type}</Badge>,
              <span key="m" className="muted" title={fullDate(g.lastMembershipUpdated)}>{relativeDate(g.lastMembershipUpdated)}</span>,
              <span key="c" className="muted" title={fullDate(g.created)}>{shortDate(g.created)}</span>,
            ];
          }}
        />
      )}
    </Page>
  );
}

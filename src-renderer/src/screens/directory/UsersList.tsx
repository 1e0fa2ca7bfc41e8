import { useCallback, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { href, navigate } from '../../router';
import { Badge, Button, Empty, ErrorBanner, Loading, Page } from '../../components/ui';
import { fullDate, relativeDate, shortDate } from './format';
import { VirtualList, type Column } from './VirtualList';
import { usePagedList, useDebounced } from './paged';
import { fullName, initials, STATUS_LABEL, STATUS_TONE, type DirUser, type UserStatus } from './directory-types';
import { useFlash } from './flash';
import { usersPath } from './search';

const ROW_HEIGHT = 52;
const STATUSES = Object.keys(STATUS_LABEL) as UserStatus[];
const EXAMPLES = ['status eq "ACTIVE"', 'profile.department eq "Research"', 'lastLogin pr', 'profile.lastName sw "T" and status ne "SUSPENDED"'];

const COLUMNS: Column[] = [
  { id: 'person', label: 'Person', width: 'minmax(220px, 2.2fr)' },
  { id: 'status', label: 'Status', width: '150px' },
  { id: 'role', label: 'Title · department', width: 'minmax(120px, 1.3fr)' },
  { id: 'lastLogin', label: 'Last sign-in', width: '130px' },
  { id: 'created', label: 'Created', width: '120px' },
];

/** The search as it was left, so that coming back to the list finds it (and its place) again. */
const lastSearch = { mode: 'quick' as 'quick' | 'expression', text: '', status: '' as UserStatus | '', expression: '' };

export function UsersList() {
  const [mode, setMode] = useState(lastSearch.mode);
  const [text, setText] = useState(lastSearch.text);
  const [status, setStatus] = useState(lastSearch.status);
  const [expressionDraft, setExpressionDraft] = useState(lastSearch.expression);
  const [expression, setExpression] = useState(lastSearch.expression);
  const debounced = useDebounced(text, 200);
  Object.assign(lastSearch, { mode, text: debounced, status, expression });
  const path = usersPath(mode, debounced, status, expression);
  const users = usePagedList<DirUser>(path, 'users');
  const [flash] = useFlash('users');

  const { items, loadMore } = users;
  const onRange = useCallback(
    (_first: number, last: number) => {
      if (last >= items.length - 100) loadMore();
    },
    [items.length, loadMore],
  );

  const searchError = users.error instanceof ApiError && users.error.code === 'E0000031' ? users.error : undefined;
  const filtered = mode === 'expression' ? !!expression.trim() : !!debounced.trim() || !!status;

  const footer = users.error !== undefined && items.length > 0 ? (
    <span className="dir-footer-error" role="alert">The next page could not be read. <Button kind="ghost" onClick={users.retry}>Try again</Button></span>
  ) : users.loading && items.length > 0 ? (
    <span className="loading"><span className="spinner" aria-hidden="true" /> Reading more people…</span>
  ) : users.done ? (
    <span className="muted">{filtered ? `All ${items.length.toLocaleString()} matches` : `All ${items.length.toLocaleString()} people`}</span>
  ) : (
    <span className="muted">Scroll for more</span>
  );

  const countWords = useMemo(() => {
    if (users.loading && items.length === 0) return 'Searching…';
    if (users.error !== undefined && items.length === 0) return '';
    const n = items.length.toLocaleString();
    const noun = filtered ? (items.length === 1 ? 'match' : 'matches') : items.length === 1 ? 'person' : 'people';
    return users.done ? `${n} ${noun}` : `${n}+ ${noun}`;
  }, [users.loading, users.done, users.error, items.length, filtered]);

  return (
    <Page
      title="Users"
      subtitle="The people your policies decide about: their profiles feed claims, their groups feed rules."
      actions={<Button kind="primary" onClick={() => navigate('users', 'new')}>New user</Button>}
    >
      {flash && <div className="banner banner-ok" role="status"><span>{flash}</span></div>}
      <div className="dir-toolbar" role="search" aria-label="Find users">
        <div className="dir-segmented" role="group" aria-label="Search by">
          <button type="button" aria-pressed={mode === 'quick'} onClick={() => setMode('quick')}>Quick search</button>
          <button type="button" aria-pressed={mode === 'expression'} onClick={() => setMode('expression')}>Expression</button>
        </div>
        {mode === 'quick' ? (
          <>
            <input
              className="search dir-search"
              type="search"
              aria-label="Search users"
              placeholder="Name, email or username starts with…"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <label className="dir-inline-label">
              Status
              <select value={status} onChange={(e) => setStatus(e.target.value as UserStatus | '')} className="dir-select">
                <option value="">Any but deactivated</option>
                {STATUSES.map((s) => <option key={s} value={s} title={STATUS_LABEL[s]}>{s}</option>)}
              </select>
            </label>
          </>
        ) : (
          <form className="dir-expr" onSubmit={(e) => { e.preventDefault(); setExpression(expressionDraft); }}>
            <div className={searchError ? 'field field-invalid dir-expr-field' : 'field dir-expr-field'}>
              <input
                className="mono"
                aria-label="Search expression"
                aria-invalid={!!searchError}
                aria-describedby={searchError ? 'user-search-error' : 'user-search-hint'}
                placeholder='profile.department eq "Research" and status eq "ACTIVE"'
                value={expressionDraft}
                onChange={(e) => setExpressionDraft(e.target.value)}
              />
              {searchError ? (
                <p className="field-error" id="user-search-error" role="alert">{searchError.causes[0] ?? searchError.summary}</p>
              ) : (
                <p className="field-hint" id="user-search-hint">
                  Okta's <code>search</code>: <code>eq ne sw co ew gt ge lt le pr</code>, <code>and or not</code>, any <code>profile.</code> attribute. Try{' '}
                  {EXAMPLES.slice(0, 3).map((x, i) => (
                    <span key={x}>{i > 0 && ', '}<button type="button" className="dir-linkish" onClick={() => { setExpressionDraft(x); setExpression(x); }}><code>{x}</code></button></span>
                  ))}.
                </p>
              )}
            </div>
            <Button type="submit">Search</Button>
          </form>
        )}
        <span className="dir-count" role="status" aria-live="polite">{countWords}</span>
      </div>

      {users.error !== undefined && items.length === 0 && !searchError && <ErrorBanner error={users.error} title="The users could not be read" />}
      {searchError && <Empty title="The server could not read this expression">Fix it beside the search box, then press Enter.</Empty>}
      {users.loading && items.length === 0 && <Loading what="users" />}
      {!users.loading && users.error === undefined && items.length === 0 && (
        filtered
          ? <Empty title="Nobody matches">{mode === 'quick' ? 'Quick search matches the start of a username, email, first or last name.' : 'Check the expression, or widen it.'}</Empty>
          : <Empty title="No users yet">Create people to try your policies on; their groups and profile attributes drive rules and claims.</Empty>
      )}
      {items.length > 0 && (
        <VirtualList
          label="Users"
          idPrefix="users"
          columns={COLUMNS}
          count={items.length}
          complete={users.done}
          rowHeight={ROW_HEIGHT}
          height="max(320px, calc(100vh - 215px))"
          rowKey={(i) => items[i]!.id}
          onOpen={(i) => navigate('users', items[i]!.id)}
          onRange={onRange}
          footer={footer}
          initialScrollTop={users.initialScrollTop}
          onScrollTop={users.rememberScroll}
          renderCells={(i) => {
            const u = items[i]!;
            const title = [u.profile.title, u.profile.department].filter((x) => typeof x === 'string' && x).join(' · ');
            return [
              <div className="dir-person" key="p">
                <span className="dir-avatar" aria-hidden="true">{initials(u)}</span>
                <div className="dir-person-text">
                  <a href={href('users', u.id)} tabIndex={-1} className="cell-title">{fullName(u)}</a>
                  <div className="cell-sub">{u.profile.login}</div>
                </div>
              </div>,
              <Badge key="s" tone={STATUS_TONE[u.status]}>{u.status}</Badge>,
              <span key="r" className={title ? 'dir-ellipsis' : 'muted'}>{title || '—'}</span>,
              <span key="l" className={u.lastLogin ? '' : 'muted'} title={fullDate(u.lastLogin)}>{relativeDate(u.lastLogin)}</span>,
              <span key="c" className="muted" title={fullDate(u.created)}>{shortDate(u.created)}</span>,
            ];
          }}
        />
      )}
    </Page>
  );
}

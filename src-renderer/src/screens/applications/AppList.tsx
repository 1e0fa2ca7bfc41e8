import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../api/client';
import { href, navigate } from '../../router';
import { Badge, Empty, ErrorBanner, Loading, Page } from '../../components/ui';
import { APP_TYPES, TYPE_INFO, grantShort } from './model';
import { AppTypeIcon, TypeBadge } from './bits';
import type { AppType, AuthMethod, OidcApp } from './types';

const PAGE = 200;
const ROW_HEIGHT = 56;
const OVERSCAN = 6;

/**
 * Every app matching `q` (Okta's `q`: the label starts with it), fetched 200 at a time by following
 * the keyset cursor (`after` = the last id), as the `Link: rel="next"` header would.
 */
function useAllApps(q: string) {
  const [state, setState] = useState<{ data?: OidcApp[]; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    (async () => {
      const all: OidcApp[] = [];
      let after: string | undefined;
      for (;;) {
        const params = new URLSearchParams({ limit: String(PAGE) });
        if (q) params.set('q', q);
        if (after) params.set('after', after);
        const page = await api<OidcApp[]>(`/apps?${params}`, { signal: abort.signal });
        all.push(...page);
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.id;
      }
      return all;
    })().then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => abort.abort();
  }, [q, tick]);
  return { ...state, reload: useCallback(() => setTick((t) => t + 1), []) };
}

const AUTH_SHORT: Record<AuthMethod, string> = {
  none: 'Public · PKCE',
  client_secret_basic: 'Secret · Basic',
  client_secret_post: 'Secret · POST',
  client_secret_jwt: 'Secret JWT',
  private_key_jwt: 'Private key JWT',
};

type Sort = 'label' | 'newest' | 'oldest';

/** All apps at a glance: a windowed list (only the rows in view are in the page), searchable and filterable. */
export function AppListScreen() {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const apps = useAllApps(q);
  const [type, setType] = useState<AppType | 'all'>('all');
  const [status, setStatus] = useState<'all' | 'ACTIVE' | 'INACTIVE'>('all');
  const [sort, setSort] = useState<Sort>('label');

  const counts = useMemo(() => {
    const c: Record<string, number> = { all: 0, web: 0, browser: 0, native: 0, service: 0 };
    for (const a of apps.data ?? []) {
      if (status !== 'all' && a.status !== status) continue;
      c.all!++;
      c[a.settings.oauthClient.application_type]!++;
    }
    return c;
  }, [apps.data, status]);

  const rows = useMemo(() => {
    const out = (apps.data ?? []).filter((a) => (type === 'all' || a.settings.oauthClient.application_type === type) && (status === 'all' || a.status === status));
    if (sort === 'label') out.sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base', numeric: true }));
    else if (sort === 'newest') out.reverse();
    return out;
  }, [apps.data, type, status, sort]);

  const total = apps.data?.length ?? 0;
  const filtered = type !== 'all' || status !== 'all';

  return (
    <Page
      title="Applications"
      subtitle="The OAuth clients of your authorization servers: what kind of app each is, how it proves itself, and who may use it."
      actions={<a className="btn btn-primary" href={href('applications', 'new')}>New application</a>}
    >
      <div className="app-toolbar">
        <form role="search" onSubmit={(e) => { e.preventDefault(); setQ(text.trim()); }}>
          <input type="search" className="search" aria-label="Search applications by name" placeholder="Search by name…" value={text} onChange={(e) => setText(e.target.value)} />
        </form>
        <div className="segmented" role="group" aria-label="Filter by type">
          {(['all', ...APP_TYPES] as const).map((t) => (
            <button key={t} type="button" aria-pressed={type === t} onClick={() => setType(t)}>
              {t === 'all' ? 'All' : TYPE_INFO[t].short} <span className="count">{counts[t]}</span>
            </button>
          ))}
        </div>
        <label className="inline-select">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="all">Any</option>
            <option value="ACTIVE">Active</option>
            <option value="INACTIVE">Inactive</option>
          </select>
        </label>
        <label className="inline-select">
          Sort
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="label">Name A–Z</option>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
        <span className="muted app-count" role="status">
          {apps.data ? (filtered || q ? `${rows.length} of ${q ? `${total} matching` : total}` : `${total} application${total === 1 ? '' : 's'}`) : ''}
          {apps.loading && apps.data ? ' · updating…' : ''}
        </span>
      </div>
      {apps.loading && !apps.data && <Loading what="applications" />}
      {apps.error !== undefined && <ErrorBanner error={apps.error} title="The applications could not be loaded" />}
      {apps.data && total === 0 && !q && (
        <Empty title="No applications yet">
          Every app that asks your authorization servers for tokens is registered here. <a href={href('applications', 'new')}>Create the first one</a>.
        </Empty>
      )}
      {apps.data && total === 0 && q && <Empty title={`No application's name starts with “${q}”`}>The search matches the beginning of the name, ignoring case.</Empty>}
      {apps.data && total > 0 && rows.length === 0 && <Empty title="Nothing matches these filters">Choose “All” types or any status to see the other {total}.</Empty>}
      {rows.length > 0 && <WindowedTable apps={rows} />}
    </Page>
  );
}

function WindowedTable(props: { apps: OidcApp[] }) {
  const { apps } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 640 });
  const pendingFocus = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight || 640 });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(apps.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    const i = pendingFocus.current;
    if (i === undefined || i < first || i >= last) return;
    pendingFocus.current = undefined;
    scroller.current?.querySelector<HTMLElement>(`[data-row="${i}"] a`)?.focus({ preventScroll: true });
  }, [first, last]);

  /** Arrow keys, Home/End and PageUp/PageDown move between rows, scrolling the window as they go. */
  const onKeyDown = (e: KeyboardEvent) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
    const el = scroller.current;
    if (!row || !el) return;
    const i = Number(row.dataset.row);
    const perPage = Math.max(1, Math.floor(el.clientHeight / ROW_HEIGHT) - 1);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: apps.length - 1, PageDown: i + perPage, PageUp: i - perPage }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(apps.length - 1, to));
    const y = next * ROW_HEIGHT;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = y + ROW_HEIGHT - el.clientHeight;
    pendingFocus.current = next;
    const target = el.querySelector<HTMLElement>(`[data-row="${next}"] a`);
    if (target) {
      pendingFocus.current = undefined;
      target.focus({ preventScroll: true });
    }
    setView({ top: el.scrollTop, height: el.clientHeight });
  };

  return (
    <div className="app-table" role="table" aria-label="Applications" aria-rowcount={apps.length + 1}>
      <div className="app-row app-head" role="row" aria-rowindex={1}>
        <span role="columnheader">Application</span>
        <span role="columnheader">Type</span>
        <span role="columnheader">Client ID</span>
        <span role="columnheader">Grant types</span>
        <span role="columnheader">Authentication</span>
        <span role="columnheader">Status</span>
      </div>
      <div
        ref={scroller}
        className="app-scroll"
        role="rowgroup"
        onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: apps.length * ROW_HEIGHT, position: 'relative' }}>
          {apps.slice(first, last).map((a, k) => {
            const i = first + k;
            const s = a.settings.oauthClient;
            const c = a.credentials.oauthClient;
            return (
              <div
                key={a.id}
                role="row"
                aria-rowindex={i + 2}
                data-row={i}
                className={`app-row clickable${a.status === 'INACTIVE' ? ' app-row-inactive' : ''}`}
                style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) navigate('applications', a.id);
                }}
              >
                <span role="cell" className="app-cell-main">
                  <span className={`app-glyph app-type-${s.application_type}`}><AppTypeIcon type={s.application_type} size={18} /></span>
                  <span className="app-cell-text">
                    <a href={href('applications', a.id)} className="cell-title">{a.label}</a>
                    <span className="cell-sub">{subline(a)}</span>
                  </span>
                </span>
                <span role="cell"><TypeBadge type={s.application_type} /></span>
                <span role="cell" className="app-cell-clip"><code title={c.client_id}>{c.client_id}</code></span>
                <span role="cell" className="app-cell-clip">
                  <span className="chips nowrap">{s.grant_types.map((g) => <span className="chip" key={g}>{grantShort(g)}</span>)}</span>
                </span>
                <span role="cell" className="muted">{AUTH_SHORT[c.token_endpoint_auth_method] ?? c.token_endpoint_auth_method}</span>
                <span role="cell"><Badge>{a.status}</Badge></span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function subline(a: OidcApp): string {
  const s = a.settings.oauthClient;
  if (s.application_type === 'service') return 'Machine to machine: no user';
  const uris = s.redirect_uris ?? [];
  if (uris.length === 0) return 'No redirect URI';
  return uris.length === 1 ? uris[0]! : `${uris[0]} +${uris.length - 1} more`;
}

import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer, Group, OktaApp, Scope, User } from '../../api/types';
import { navigate } from '../../router';
import { Empty, ErrorBanner, Field, Loading } from '../../components/ui';
import { Combobox } from './preview/Combobox';
import { grantLabel, PREVIEW_GRANTS, RULE_GRANT_TYPES, USERLESS_GRANTS } from './preview/grants';
import { appOption, searchUsers, userName, userOption } from './preview/search';
import { EMPTY_DRAFT, usePreview } from './preview/store';
import { CellDialog } from './matrix/CellDialog';
import { MatrixGrid } from './matrix/MatrixGrid';
import { MultiSelect } from './matrix/MultiSelect';
import { buildGrid, cellsGranting, compactGrid, type CellView } from './matrix/model';
import { DEFAULT_FILTERS, useMatrixFilters, type MatrixFilters } from './matrix/store';
import type { MatrixRequest, MatrixResult } from './matrix/types';
import './preview/preview.css';
import './matrix/matrix.css';

const ROW_PAGE = 100;
const COL_PAGE = 40;

/**
 * The access matrix: every client × group (or named user) for one grant type, each cell the scopes
 * it can get and through which rule, or why not. "Who can get orders:write?" lights up the answer.
 */
export function MatrixTab(props: { server: AuthServer }) {
  const asId = props.server.id;
  const f = useMatrixFilters((s) => s.filters[asId]) ?? DEFAULT_FILTERS;
  const setFilters = (patch: Partial<MatrixFilters>) => useMatrixFilters.getState().set(asId, patch);
  const apps = useApi<OktaApp[]>('/apps?limit=200');
  const groups = useApi<Group[]>('/groups');
  const scopes = useApi<Scope[]>(`/authorizationServers/${encodeURIComponent(asId)}/scopes`);
  const [state, setState] = useState<{ data?: MatrixResult; error?: ApiError; loading: boolean }>({ loading: true });
  const [open, setOpen] = useState<CellView | undefined>();
  const [rowLimit, setRowLimit] = useState(ROW_PAGE);
  const [colLimit, setColLimit] = useState(COL_PAGE);

  const userless = USERLESS_GRANTS.has(f.grantType);
  const body = useMemo((): MatrixRequest | null => {
    const b: MatrixRequest = { grantTypes: [f.grantType] };
    if (f.clientIds) b.clientIds = f.clientIds;
    if (userless) b.groupIds = [];
    else if (f.columns === 'users') {
      if (!f.users.length) return null;
      b.groupIds = [];
      b.userIds = f.users.map((u) => u.id);
    } else if (f.groupIds) b.groupIds = f.groupIds;
    return b;
  }, [f.grantType, f.clientIds, f.columns, f.users, f.groupIds, userless]);
  const bodyKey = JSON.stringify(body);

  useEffect(() => {
    if (body === null) {
      setState({ loading: false });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api<MatrixResult>(`/authorizationServers/${encodeURIComponent(asId)}/matrix`, { method: 'POST', body, signal: abort.signal }).then(
      (data) => setState({ data, loading: false }),
      (e: unknown) => {
        if (!abort.signal.aborted) setState({ error: e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []), loading: false });
      },
    );
    return () => abort.abort();
    // `bodyKey` stands for `body`: a new object with the same content asks nothing new.
  }, [asId, bodyKey]);

  // Named users: start from a few people rather than an empty grid.
  useEffect(() => {
    if (f.columns !== 'users' || f.users.length) return;
    const abort = new AbortController();
    api<User[]>('/users?limit=5', { signal: abort.signal }).then(
      (us) => {
        const now = useMatrixFilters.getState().filters[asId] ?? DEFAULT_FILTERS;
        if (!now.users.length && us.length) useMatrixFilters.getState().set(asId, { users: us.map(userOption) });
      },
      () => undefined,
    );
    return () => abort.abort();
  }, [f.columns, f.users.length, asId]);

  const systemScopes = useMemo(() => new Set((scopes.data ?? []).filter((s) => s.system).map((s) => s.name)), [scopes.data]);
  const hasApiScopes = (scopes.data ?? []).some((s) => !s.system);
  const inView = useMemo(() => (s: string) => f.showOidc || !hasApiScopes || !systemScopes.has(s), [f.showOidc, hasApiScopes, systemScopes]);
  const data = state.data;
  const grid = useMemo(() => {
    if (!data) return undefined;
    const g = buildGrid(data, f.grantType, inView);
    // Users by name, their login beneath.
    g.columns = g.columns.map((c) => {
      const u = c.type === 'user' ? f.users.find((x) => x.id === c.id) : undefined;
      return u ? { ...c, name: userName(u.value), sub: u.value.profile.login } : c;
    });
    return f.compact ? compactGrid(g) : g;
  }, [data, f.grantType, inView, f.users, f.compact]);
  const cells = grid?.rows.flatMap((r) => r.cells) ?? [];
  const count = (s: CellView['status']) => cells.filter((c) => c.status === s).length;
  const hits = grid && f.highlight ? cellsGranting(grid, f.highlight) : [];
  const appsByClient = useMemo(() => new Map((apps.data ?? []).map((a) => [a.credentials.oauthClient.client_id, a])), [apps.data]);

  const previewFor = (cell: CellView): { go?: () => void; why?: string } => {
    if (!PREVIEW_GRANTS.includes(f.grantType)) return { why: `The token preview cannot play the ${grantLabel(f.grantType)} grant.` };
    if (cell.denied && /is not allowed the/.test(cell.denied)) return { why: undefined };
    const app = appsByClient.get(cell.clientId);
    if (!app) return {};
    const user = cell.subject >= 0 && data?.subjects[cell.subject]?.type === 'user' ? f.users.find((u) => u.id === data.subjects[cell.subject].id) : undefined;
    if (!userless && !user) return { why: 'To preview a token, switch the columns to named users: a group is not a person.' };
    // A request one rule grants in full: the highlighted scope (or the scopes in view) of one
    // rule, with openid when that rule allows it, so the ID token shows too.
    const hit = cell.granted.find((g) => g.scope === f.highlight);
    const rule = hit?.rule ?? cell.granted.find((g) => inView(g.scope))?.rule ?? cell.granted[0]?.rule;
    const ofRule = cell.granted.filter((g) => g.rule === rule).map((g) => g.scope);
    const wanted = hit ? [hit.scope] : ofRule.filter((s) => inView(s));
    const scopesOf = rule === undefined ? [] : [...new Set([...(ofRule.includes('openid') && !userless ? ['openid'] : []), ...wanted])];
    return {
      go: () => {
        usePreview.getState().request(asId, { ...EMPTY_DRAFT, client: appOption(app), grantType: f.grantType, user, scopes: scopesOf });
        navigate('authorization-servers', asId, 'preview');
      },
    };
  };

  const loadingLists = (apps.loading && !apps.data) || (groups.loading && !groups.data) || (scopes.loading && !scopes.data);
  const listError = apps.error ?? groups.error ?? scopes.error;

  return (
    <div className="mx">
      <section className="card mx-filters" aria-label="Matrix filters">
        <div className="mx-filter-row">
          <Field label="Grant type" htmlFor="mx-grant">
            <select id="mx-grant" value={f.grantType} onChange={(e) => setFilters({ grantType: e.target.value })}>
              {RULE_GRANT_TYPES.map((g) => <option key={g} value={g}>{grantLabel(g)}</option>)}
            </select>
          </Field>
          <div className="field">
            <span className="mx-filter-label" id="mx-columns-label">Columns</span>
            <div className="pm-seg mx-columns" role="radiogroup" aria-labelledby="mx-columns-label">
              {(['groups', 'users'] as const).map((c) => (
                <button
                  key={c}
                  type="button"
                  role="radio"
                  aria-checked={f.columns === c}
                  disabled={userless}
                  onClick={() => setFilters({ columns: c })}
                  title={userless ? 'Client credentials tokens have no user.' : undefined}
                >
                  {c === 'groups' ? 'Groups' : 'Named users'}
                </button>
              ))}
            </div>
          </div>
          {apps.data && (
            <MultiSelect
              label="Clients"
              items={apps.data.map((a) => ({ id: a.credentials.oauthClient.client_id, name: a.label }))}
              value={f.clientIds}
              onChange={(v) => setFilters({ clientIds: v })}
            />
          )}
          {!userless && f.columns === 'groups' && groups.data && (
            <MultiSelect label="Groups" items={groups.data.map((g) => ({ id: g.id, name: g.profile.name }))} value={f.groupIds} onChange={(v) => setFilters({ groupIds: v })} />
          )}
        </div>
        {!userless && f.columns === 'users' && (
          <div className="mx-users">
            <div className="mx-user-picker">
              <Combobox<User>
                id="mx-add-user"
                label="Add a user"
                placeholder="Search by name or login…"
                onSelect={(o) => o && !f.users.some((u) => u.id === o.id) && setFilters({ users: [...f.users, o] })}
                search={searchUsers}
                noMatch="No user matches"
                clearOnSelect
              />
            </div>
            <ul className="mx-user-chips" aria-label="Users in the matrix">
              {f.users.map((u) => (
                <li key={u.id} className="chip mx-user-chip">
                  {u.label}
                  <button type="button" aria-label={`Remove ${u.label}`} onClick={() => setFilters({ users: f.users.filter((x) => x.id !== u.id) })}>×</button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="mx-question">
          <label htmlFor="mx-highlight">Who can get</label>
          <select id="mx-highlight" value={f.highlight} onChange={(e) => setFilters({ highlight: e.target.value })}>
            <option value="">— choose a scope —</option>
            {(scopes.data ?? []).map((s) => <option key={s.id} value={s.name}>{s.name}</option>)}
          </select>
          <span aria-hidden="true">?</span>
          {f.highlight && grid && (
            <p className="mx-answer" role="status" aria-label="Who can get it">
              {hits.length === 0 ? (
                <>Nobody, with the {grantLabel(f.grantType)} grant.</>
              ) : (
                <>
                  <strong>{hits.length} of {cells.length}:</strong>{' '}
                  {hits.slice(0, 12).map((c, i) => (
                    <span key={`${c.clientId}-${c.subject}`}>{i > 0 && '; '}{c.clientLabel} × {c.subjectName}</span>
                  ))}
                  {hits.length > 12 && <>; and {hits.length - 12} more (lit up below)</>}
                </>
              )}
            </p>
          )}
          {f.highlight && <button type="button" className="btn btn-ghost pm-small" onClick={() => setFilters({ highlight: '' })}>Clear</button>}
        </div>
      </section>

      {loadingLists && <Loading what="clients, groups and scopes" />}
      {listError !== undefined && <ErrorBanner error={listError} title="The filters could not be loaded" />}
      {state.error && (
        <ErrorBanner error={state.error} title="The matrix could not be computed" />
      )}
      {body === null && <Empty title="No users chosen">Add people with “Add a user” above to see what each of them can get from each client.</Empty>}
      {body !== null && state.loading && !data && <Loading what="the access matrix" />}

      {grid && body !== null && !state.error && (
        <>
          <div className="mx-summary" aria-busy={state.loading}>
            <div className="mx-summary-top">
            <p id="mx-legend" className="mx-legend">
              <span className="mx-key mx-all"><span aria-hidden="true">✓</span> every scope in view <b>{count('all')}</b></span>
              <span className="mx-key mx-some"><span aria-hidden="true">◐</span> some scopes <b>{count('some')}</b></span>
              <span className="mx-key mx-none"><span aria-hidden="true">✗</span> no scope (access_denied) <b>{count('none')}</b></span>
              <span className="mx-key mx-blocked"><span aria-hidden="true">⊘</span> turned away before the policies <b>{count('blocked')}</b></span>
            </p>
            </div>
            <div className="mx-summary-bottom">
              <p className="muted mx-hint">
                Each cell answers a request for one scope at a time, with the {grantLabel(f.grantType)} grant. Hover a cell for the rules, click it for every
                scope (arrow keys move between cells); the rule names open the rule.{state.loading && ' Updating…'}
              </p>
              <div className="mx-view-options">
              <label className="checkbox mx-oidc" title="Clients and columns where every request is turned away before the policies (not assigned, grant not enabled)">
                <input type="checkbox" checked={f.compact} onChange={(e) => setFilters({ compact: e.target.checked })} /> Hide what is turned away everywhere
              </label>
              {hasApiScopes && (
                <label className="checkbox mx-oidc" title={`The OpenID Connect scopes: ${[...systemScopes].join(', ')}`}>
                  <input type="checkbox" checked={f.showOidc} onChange={(e) => setFilters({ showOidc: e.target.checked })} /> Show OpenID Connect scopes
                </label>
              )}
              </div>
            </div>
          </div>
          {grid.rows.length === 0 || grid.columns.length === 0 ? (
            <Empty title="Nothing to show">
              {f.compact ? 'Every request is turned away before the policies.' : grid.rows.length === 0 ? 'No client is chosen.' : 'No group is chosen.'} Widen the filters above.
            </Empty>
          ) : (
            <MatrixGrid
              asId={asId}
              matrix={data!}
              grid={grid}
              highlight={f.highlight}
              inView={inView}
              onOpen={setOpen}
              rowLimit={rowLimit}
              colLimit={colLimit}
              appId={(c) => appsByClient.get(c)?.id ?? c}
            />
          )}
          {(grid.rows.length > rowLimit || grid.columns.length > colLimit) && (
            <div className="form-actions">
              {grid.rows.length > rowLimit && <button type="button" className="btn" onClick={() => setRowLimit(grid.rows.length)}>Show all {grid.rows.length} clients</button>}
              {grid.columns.length > colLimit && <button type="button" className="btn" onClick={() => setColLimit(grid.columns.length)}>Show all {grid.columns.length} columns</button>}
              <span className="muted">
                Showing {Math.min(rowLimit, grid.rows.length)} of {grid.rows.length} clients × {Math.min(colLimit, grid.columns.length)} of {grid.columns.length} columns. The filters above narrow it;
                “Who can get” counts every cell.
              </span>
            </div>
          )}
        </>
      )}
      {open && data && (
        <CellDialog
          asId={asId}
          matrix={data}
          cell={open}
          grantType={f.grantType}
          onClose={() => setOpen(undefined)}
          onPreview={previewFor(open).go}
          previewWhy={previewFor(open).why}
        />
      )}
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';

/*
 * Okta's list paging: `limit` + the opaque `after` cursor, which the server hands out in the
 * `Link: <…>; rel="next"` header (absent on the last page). `api()` returns only the body, so
 * pages are read here, with the same credentials (the preload's token, else the cookie).
 */

export interface Page<T> {
  items: T[];
  /** The next page's path under /api/v1, when there is one. */
  next?: string;
}

/** The `rel="next"` target of a Link header, as a path under /api/v1. */
export function nextFromLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m) continue;
    const url = new URL(m[1]!, 'http://x');
    return url.pathname.replace(/^\/api\/v1/, '') + url.search;
  }
  return undefined;
}

export async function fetchPage<T>(path: string, signal?: AbortSignal): Promise<Page<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = (globalThis as { gatehouse?: { adminToken?: string } }).gatehouse?.adminToken;
  if (token) headers.Authorization = `SSWS ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { headers, credentials: 'same-origin', signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The Gatehouse server cannot be reached. Is it still running?', []);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = body as { errorCode?: string; errorSummary?: string; errorCauses?: { errorSummary: string }[] } | undefined;
    throw new ApiError(res.status, e?.errorCode ?? `HTTP ${res.status}`, e?.errorSummary ?? `The server answered ${res.status}.`, (e?.errorCauses ?? []).map((c) => c.errorSummary));
  }
  return { items: (body as T[]) ?? [], next: nextFromLink(res.headers.get('Link')) };
}

/*
 * Lists remember what they read (for this session) so that going back from a person to the list
 * is instant and lands on the same row; any change made in the directory screens forgets it all.
 */
let directoryVersion = 0;
const remembered = new Map<string, { path: string; version: number; items: unknown[]; next?: string; done: boolean; scrollTop: number }>();

/** Call after any change to users or groups: remembered lists are read again. */
export function directoryChanged(): void {
  directoryVersion++;
  remembered.clear();
}

export interface PagedList<T> {
  items: T[];
  /** True once the last page has been read. */
  done: boolean;
  loading: boolean;
  error?: unknown;
  /** Reads the next page (no-op while one is in flight or when done). */
  loadMore(): void;
  /** Starts again from the first page. */
  reload(): void;
  /** After an error: reads again the page that failed. */
  retry(): void;
  /** Where the list was scrolled when it was last left (0 when it was read afresh). */
  initialScrollTop: number;
  /** Remembers the scroll offset, for coming back. */
  rememberScroll(top: number): void;
}

interface State<T> {
  path: string | null;
  items: T[];
  next?: string;
  done: boolean;
  loading: boolean;
  error?: unknown;
}

/** Pages of `path` (which must carry `limit`), read one after another as the caller asks for more. */
export function usePagedList<T>(path: string | null, rememberAs?: string): PagedList<T> {
  const [initial] = useState(() => {
    const r = rememberAs ? remembered.get(rememberAs) : undefined;
    return r && r.path === path && r.version === directoryVersion ? r : undefined;
  });
  const [state, setState] = useState<State<T>>(() =>
    initial ? { path, items: initial.items as T[], next: initial.next, done: initial.done, loading: false } : { path, items: [], done: false, loading: path !== null },
  );
  const inflight = useRef<AbortController | undefined>(undefined);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [generation, setGeneration] = useState(0);
  const scrollTop = useRef(initial?.scrollTop ?? 0);
  // What the state holds (path and reload count): a remembered list is not read again.
  const loadedKey = useRef<string | undefined>(initial ? `0|${path}` : undefined);

  const load = useCallback((pagePath: string, append: boolean) => {
    inflight.current?.abort();
    const abort = new AbortController();
    inflight.current = abort;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    fetchPage<T>(pagePath, abort.signal).then(
      (page) => {
        if (abort.signal.aborted) return;
        inflight.current = undefined;
        setState((s) => ({ ...s, items: append ? s.items.concat(page.items) : page.items, next: page.next, done: page.next === undefined, loading: false }));
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        inflight.current = undefined;
        setState((s) => ({ ...s, loading: false, error }));
      },
    );
  }, []);

  useEffect(() => {
    const key = `${generation}|${path}`;
    if (loadedKey.current === key) return;
    loadedKey.current = key;
    scrollTop.current = 0;
    setState({ path, items: [], done: false, loading: path !== null });
    if (path !== null) load(path, false);
    return () => {
      inflight.current?.abort();
      loadedKey.current = undefined;
    };
  }, [path, generation, load]);
  useEffect(() => () => inflight.current?.abort(), []);

  // Remember what has been read, for coming back.
  useEffect(() => {
    if (!rememberAs || state.path === null || state.loading || state.error !== undefined || state.items.length === 0) return;
    remembered.set(rememberAs, { path: state.path, version: directoryVersion, items: state.items, next: state.next, done: state.done, scrollTop: scrollTop.current });
  }, [rememberAs, state]);
  const rememberScroll = useCallback(
    (top: number) => {
      scrollTop.current = top;
      const r = rememberAs ? remembered.get(rememberAs) : undefined;
      if (r && r.path === stateRef.current.path) r.scrollTop = top;
    },
    [rememberAs],
  );

  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (s.loading || s.done || s.error !== undefined || !s.next) return;
    load(s.next, true);
  }, [load]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const retry = useCallback(() => {
    const s = stateRef.current;
    if (s.items.length === 0 || !s.next) setGeneration((g) => g + 1);
    else load(s.next, true);
  }, [load]);
  // While the path just changed and the effect has not run, show nothing stale.
  const current = state.path === path ? state : { items: [], done: false, loading: true };
  return { items: current.items, done: current.done, loading: current.loading, error: 'error' in current ? current.error : undefined, loadMore, reload, retry, initialScrollTop: initial?.scrollTop ?? 0, rememberScroll };
}

/** A value that follows `value` after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/*
 * The workbench talks to the server only over HTTP (DESIGN): the same calls work in Electron
 * (admin token handed over by the preload) and in a browser (the cookie from the one-time URL).
 */

/** Okta's error object, as the admin API answers it. */
export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorCauses?: { errorSummary: string }[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly summary: string,
    /** Field-level causes, as `field: message` when the server names the field. */
    readonly causes: string[],
  ) {
    super(summary);
  }

  /** The cause that names `field` (the server writes `field: message`), for showing beside it. */
  causeFor(field: string): string | undefined {
    const hit = this.causes.find((c) => c.startsWith(`${field}:`));
    return hit?.slice(field.length + 1).trim();
  }
}

interface Preload {
  adminToken?: string;
}

function adminToken(): string | undefined {
  return (globalThis as { gatehouse?: Preload }).gatehouse?.adminToken;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = adminToken();
  if (token) headers.Authorization = `SSWS ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      signal: init.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The Gatehouse server cannot be reached. Is it still running?', []);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const e = body as Partial<OktaErrorBody> | undefined;
    throw new ApiError(res.status, e?.errorCode ?? `HTTP ${res.status}`, e?.errorSummary ?? `The server answered ${res.status}.`, (e?.errorCauses ?? []).map((c) => c.errorSummary));
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.causes.length ? `${e.summary} ${e.causes.join('; ')}` : e.summary;
  return e instanceof Error ? e.message : String(e);
}

import type { DecisionTrace } from '../../api/types';
import { TraceView } from '../../components/TraceView';
import { Badge } from '../../components/ui';
import { inspectToken } from '../../store/inspector';
import { eventsOf, prettyBody, toParts } from './logic';
import type { DecodedJwt, HttpRequestSpec, StepRun } from './types';

/** One finished step: the outcome in words, the tokens, the server's reasoning, then the raw exchange. */
export function ExchangeView(props: { run: StepRun; index: number; origin: { authServerId: string; clientId: string } }) {
  const { run } = props;
  const r = run.result;
  const ex = run.exchange;
  const events = eventsOf(run);
  const tokens = r.tokens;
  const inspect = (token: string, what: string) => inspectToken(token, { ...props.origin, label: `${what} from step ${props.index + 1} (${run.step.title}) of the simulation` });

  return (
    <div className="sim-exchange">
      <div className={`sim-outcome ${r.ok ? 'sim-outcome-ok' : 'sim-outcome-bad'}`} role="status">
        <div className="sim-outcome-head">
          <strong>{r.ok ? 'Succeeded' : 'Refused'}</strong>
          {r.status > 0 && <span className="mono">HTTP {r.status}</span>}
          {r.error && <code className="sim-error-code">{r.error}</code>}
          {run.tampered && <Badge tone="warn">tampered</Badge>}
          {ex && <span className="muted sim-timing">{ex.durationMs} ms</span>}
        </div>
        <p className="sim-summary">{r.summary}</p>
        {r.errorDescription && !r.summary.includes(r.errorDescription) && <p className="sim-error-desc">{r.errorDescription}</p>}
      </div>

      {r.scopes && (
        <p className="sim-scopes">Granted scopes: <span className="chips">{r.scopes.map((s) => <span key={s} className="chip">{s}</span>)}</span></p>
      )}
      {typeof r.active === 'boolean' && <p>Token active: <Badge tone={r.active ? 'good' : 'muted'}>{r.active ? 'active' : 'inactive'}</Badge></p>}

      {tokens && (tokens.access_token || tokens.id_token || tokens.refresh_token) && (
        <section aria-label="Tokens" className="sim-tokens">
          <h3 className="trace-title">Tokens</h3>
          {tokens.access_token && <TokenBlock name="Access token" jwt={tokens.access_token} onInspect={() => inspect(tokens.access_token!.raw, 'Access token')} />}
          {tokens.id_token && <TokenBlock name="ID token" jwt={tokens.id_token} onInspect={() => inspect(tokens.id_token!.raw, 'ID token')} />}
          {tokens.refresh_token && (
            <div className="sim-token">
              <div className="sim-token-head">
                <strong>Refresh token</strong>
                <span className="muted">opaque</span>
                <button type="button" className="btn btn-secondary" aria-label="Inspect the refresh token" onClick={() => inspect(tokens.refresh_token!, 'Refresh token')}>Inspect</button>
              </div>
              <code className="sim-raw">{tokens.refresh_token}</code>
            </div>
          )}
        </section>
      )}

      {r.claims && (
        <section aria-label="Claims returned" className="sim-claims">
          <h3 className="trace-title">Claims returned</h3>
          <pre className="sim-pre">{JSON.stringify(r.claims, null, 2)}</pre>
        </section>
      )}

      {events.length > 0 && (
        <section aria-label="What the server decided" className="sim-trace">
          <h3 className="trace-title">What the server decided</h3>
          {events.map((ev, i) => (
            <div key={i} className="sim-event">
              <div className="sim-event-head">
                <Badge tone={ev.outcome === 'SUCCESS' || ev.outcome === 'ALLOW' ? 'good' : ev.outcome === 'FAILURE' || ev.outcome === 'DENY' ? 'bad' : 'info'}>{ev.outcome || 'EVENT'}</Badge>
                <span>{ev.message}</span>
                {ev.error && <code>{ev.error}</code>}
                <code className="sim-event-type" title="System Log event type">{ev.eventType}</code>
              </div>
              {(ev.errorDescription || ev.reason) && <p className="sim-event-why">{ev.errorDescription ?? ev.reason}</p>}
              {ev.trace ? <TraceView trace={ev.trace as DecisionTrace} /> : null}
            </div>
          ))}
        </section>
      )}
      {ex && events.length === 0 && <p className="muted">The server wrote no decision for this request (it is not a token decision).</p>}

      {ex && (
        <>
          <details className="sim-details">
            <summary>Request sent — {ex.request.method} {new URL(ex.request.url).pathname}</summary>
            <RequestShown request={ex.request} />
          </details>
          <details className="sim-details" open={!r.ok}>
            <summary>Response — HTTP {ex.response.status}</summary>
            <dl className="kv sim-headers">
              {Object.entries(ex.response.headers).map(([k, v]) => (
                <div key={k} className="sim-kv-row"><dt>{k}</dt><dd className="mono">{v}</dd></div>
              ))}
            </dl>
            {!ex.response.body ? (
              <p className="muted">No body.</p>
            ) : isHtml(ex.response.headers) ? (
              // A page for a person (an error page, a form): its markup would bury the headers and the outcome above.
              <details className="sim-details">
                <summary>HTML page, {ex.response.body.length.toLocaleString()} characters</summary>
                <pre className="sim-pre" aria-label="Response body">{ex.response.body.slice(0, 20_000)}</pre>
              </details>
            ) : (
              <pre className="sim-pre" aria-label="Response body">{prettyBody(ex.response.body).slice(0, 20_000)}</pre>
            )}
          </details>
        </>
      )}
    </div>
  );
}

const isHtml = (headers: Record<string, string>) => Object.entries(headers).some(([k, v]) => k.toLowerCase() === 'content-type' && /text\/html/i.test(v));

function RequestShown(props: { request: HttpRequestSpec }) {
  const p = toParts(props.request);
  const rows = [...p.query.map((r) => ['query', r] as const), ...p.body.map((r) => ['body', r] as const)];
  return (
    <div>
      <p className="mono sim-url-line">{props.request.method} {p.base}</p>
      <dl className="kv sim-headers">
        {p.headers.map((h) => <div key={h.key} className="sim-kv-row"><dt>{h.key}</dt><dd className="mono">{h.value}</dd></div>)}
      </dl>
      {rows.length > 0 && (
        <table className="list sim-rows-static" aria-label="Parameters sent">
          <thead><tr><th scope="col">Where</th><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
          <tbody>{rows.map(([w, r], i) => <tr key={i}><td className="muted">{w}</td><td className="mono">{r.key}</td><td className="mono sim-break">{r.value}</td></tr>)}</tbody>
        </table>
      )}
      {p.bodyKind === 'text' && <pre className="sim-pre">{p.text}</pre>}
    </div>
  );
}

const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time']);

function TokenBlock(props: { name: string; jwt: DecodedJwt; onInspect(): void }) {
  return (
    <div className="sim-token">
      <div className="sim-token-head">
        <strong>{props.name}</strong>
        <span className="muted">{props.jwt.header ? `JWT · ${String(props.jwt.header.alg ?? '')} · kid ${String(props.jwt.header.kid ?? '—')}` : 'opaque'}</span>
        <button type="button" className="btn btn-secondary" aria-label={`Inspect the ${props.name.toLowerCase()}`} onClick={props.onInspect}>Inspect</button>
      </div>
      {props.jwt.claims ? (
        <dl className="sim-claims-grid">
          {Object.entries(props.jwt.claims).map(([k, v]) => (
            <div key={k} className="sim-kv-row">
              <dt className="mono">{k}</dt>
              <dd className="mono">
                {typeof v === 'string' ? v : JSON.stringify(v)}
                {TIME_CLAIMS.has(k) && typeof v === 'number' && <span className="muted sim-when"> {new Date(v * 1000).toLocaleString()}</span>}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <code className="sim-raw">{props.jwt.raw}</code>
      )}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useApi } from '../api/use-api';
import type { DecisionTrace, LogEvent } from '../api/types';
import { Badge, Button, Empty, ErrorBanner, Loading, Page, formatDate } from '../components/ui';
import { TraceView } from '../components/TraceView';

/** The System Log, newest first: each token decision with its reasons. */
export function SystemLogScreen() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [live, setLive] = useState(true);
  const path = `/logs?sortOrder=DESCENDING&limit=100${query ? `&q=${encodeURIComponent(query)}` : ''}`;
  const events = useApi<LogEvent[]>(path);
  const [open, setOpen] = useState<string | undefined>();

  // As they happen: refresh every few seconds while the page is visible.
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') events.reload();
    }, 3000);
    return () => clearInterval(t);
  }, [live, events.reload]);

  return (
    <Page
      title="System Log"
      subtitle="Every token decision, with the policy and rule that decided it and why the others were passed over."
      actions={
        <>
          <form role="search" onSubmit={(e) => { e.preventDefault(); setQuery(q.trim()); }} className="actions">
            <input aria-label="Search the log" placeholder="Search: a user, client, scope…" value={q} onChange={(e) => setQ(e.target.value)} className="search" />
            <Button type="submit">Search</Button>
          </form>
          <label className="checkbox"><input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live</label>
        </>
      }
    >
      {events.loading && !events.data && <Loading what="the System Log" />}
      {events.error !== undefined && <ErrorBanner error={events.error} title="The System Log could not be read" />}
      {events.data && events.data.length === 0 && <Empty title={query ? `Nothing matches “${query}”` : 'No events yet'}>Token requests show up here as they are decided.</Empty>}
      {events.data && events.data.length > 0 && (
        <table className="list" aria-label="Events">
          <thead><tr><th>When</th><th>Event</th><th>Client</th><th>Subject</th><th>Outcome</th></tr></thead>
          <tbody>
            {events.data.map((e) => {
              const user = e.target.find((t) => t.type === 'User');
              const trace = e.debugContext.debugData.trace as DecisionTrace | undefined;
              const expanded = open === e.uuid;
              return [
                <tr key={e.uuid} className="clickable" onClick={() => setOpen(expanded ? undefined : e.uuid)} aria-expanded={expanded}>
                  <td className="cell-sub">{formatDate(e.published)}</td>
                  <td>{e.displayMessage}<div className="cell-sub">{String(e.debugContext.debugData.grantType ?? e.eventType)}</div></td>
                  <td>{e.actor.displayName ?? e.actor.id}</td>
                  <td>{user?.alternateId ?? '—'}</td>
                  <td><Badge>{e.outcome.result}</Badge>{e.outcome.reason && <div className="cell-sub">{e.outcome.reason}</div>}</td>
                </tr>,
                expanded && (
                  <tr key={`${e.uuid}-trace`}>
                    <td colSpan={5}>
                      <EventDetail event={e} trace={trace} />
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      )}
    </Page>
  );
}

function EventDetail(props: { event: LogEvent; trace?: DecisionTrace }) {
  const d = props.event.debugContext.debugData;
  return (
    <div>
      <dl className="kv">
        {d.requestedScopes !== undefined && (<><dt>Asked for</dt><dd>{String(d.requestedScopes) || '(default scopes)'}</dd></>)}
        {d.grantedScopes !== undefined && (<><dt>Granted</dt><dd>{String(d.grantedScopes)}</dd></>)}
        {d.errorDescription !== undefined && (<><dt>Error</dt><dd>{String(d.error)}: {String(d.errorDescription)}</dd></>)}
        <dt>Request id</dt><dd><code>{props.event.transaction.id ?? '—'}</code></dd>
      </dl>
      {props.trace ? <TraceView trace={props.trace} /> : <p className="muted">This event has no decision trace.</p>}
    </div>
  );
}

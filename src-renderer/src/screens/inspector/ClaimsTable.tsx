import { href } from '../../router';
import { HEADER } from './claims-glossary';
import type { ClaimRow } from './explain';
import { definitionWords } from './explain';
import { JsonValue } from './JsonValue';

function Meaning(props: { row: ClaimRow; serverId: string | null; serverName?: string }) {
  const m = props.row.meaning;
  const r = props.row;
  return (
    <div className="ti-meaning">
      {m.kind === 'definition' ? (
        <>
          <span className="ti-def-label">
            {m.claim.system ? 'System claim' : 'Claim definition'}{' '}
            {props.serverId ? <a href={href('authorization-servers', props.serverId, 'claims')}>“{m.claim.name}”</a> : <>“{m.claim.name}”</>}
            {props.serverName && <> of {props.serverName}</>}
          </span>
          <span>
            {m.claim.valueType === 'GROUPS' ? <>Value: {definitionWords(m.claim)}.</> : <>Value of the expression <code className="ti-expr">{m.claim.value}</code></>}
          </span>
          <span className="muted">
            {m.claim.valueType === 'GROUPS' ? 'Groups' : m.claim.valueType === 'SYSTEM' ? 'System' : 'Expression'} · {m.claim.claimType === 'RESOURCE' ? 'access token' : 'ID token'} · {m.condition}
          </span>
          {m.standard && <span className="muted">Standard meaning: {m.standard.meaning}</span>}
        </>
      ) : m.kind === 'glossary' ? (
        <>
          <span><strong>{m.entry.label}.</strong> {m.entry.meaning}</span>
          <span className="muted ti-source">{m.entry.source}</span>
        </>
      ) : (
        <span className="muted">
          Not a standard claim{props.serverName ? `, and ${props.serverName} defines no claim of this name for this kind of token` : ''}.
        </span>
      )}
      {'inactive' in m && m.inactive && (
        <span className="ti-warn-text">{props.serverName} has a claim “{m.inactive.name}”, but it is INACTIVE: this value did not come from it.</span>
      )}
      {r.about && <span className="ti-about">{r.about}</span>}
    </div>
  );
}

/** The payload's claims: name, value (dates in local time and from now), and meaning. */
export function ClaimsTable(props: { rows: ClaimRow[]; serverId: string | null; serverName?: string; label: string }) {
  return (
    <table className="ti-claims" aria-label={props.label}>
      <thead>
        <tr><th>Claim</th><th>Value</th><th>Meaning</th></tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.name} className={r.meaning.kind === 'definition' ? 'ti-row-def' : undefined}>
            <td><code className="ti-claim-name">{r.name}</code></td>
            <td className="ti-claim-value">
              {r.scopes ? (
                <ul className="ti-scopes" aria-label="Granted scopes">
                  {r.scopes.map((s) => (
                    <li key={s.name}>
                      <code className="ti-scope">{s.name}</code>
                      <span className="ti-scope-desc">{s.description ?? <span className="muted">no description</span>}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <code><JsonValue v={r.value} /></code>
              )}
              {r.time && (
                <div className="ti-time">
                  {r.time.date} <span className={r.name === 'exp' && r.time.relative.endsWith('ago') ? 'ti-time-rel ti-time-past' : 'ti-time-rel'}>({r.name === 'exp' && r.time.relative.endsWith('ago') ? `expired ${r.time.relative}` : r.time.relative})</span>
                </div>
              )}
            </td>
            <td><Meaning row={r} serverId={props.serverId} serverName={props.serverName} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The header's parameters with what each means. */
export function HeaderTable(props: { header: Record<string, unknown> }) {
  return (
    <table className="ti-claims ti-header-table" aria-label="Header parameters">
      <tbody>
        {Object.entries(props.header).map(([k, v]) => (
          <tr key={k}>
            <td><code className="ti-claim-name">{k}</code></td>
            <td className="ti-claim-value"><code><JsonValue v={v} /></code></td>
            <td>{HEADER[k] ? <><strong>{HEADER[k].label}.</strong> {HEADER[k].meaning}</> : <span className="muted">Not a registered header parameter.</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

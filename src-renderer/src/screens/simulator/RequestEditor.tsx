import { useId, useState } from 'react';
import { Button } from '../../components/ui';
import { otherRedirectUri, paramsOf, secretKeys, toParts, withoutParam, withParam, wrongVerifier, type RequestParts, type Row } from './logic';
import type { HttpRequestSpec, StepInfo } from './types';

type Section = 'query' | 'headers' | 'body';
const SECTION_WORDS: Record<Section, string> = { query: 'query parameter', headers: 'header', body: 'body parameter' };

/**
 * What a step will send, as editable tables: the query, the headers, the body. Secrets (the
 * client secret, the password) stay masked unless revealed. Common tampers are one click away.
 */
export function RequestEditor(props: {
  step: StepInfo;
  prepared: { request: HttpRequestSpec; shown: HttpRequestSpec };
  edit: RequestParts;
  onEdit(next: RequestParts): void;
  onResetEdit(): void;
  quick: { replay?: () => void; revoked?: () => void; expired?: () => void };
}) {
  const [reveal, setReveal] = useState(false);
  const original = toParts(props.prepared.request);
  const shown = toParts(props.prepared.shown);
  const secrets = secretKeys(original, shown);
  const e = props.edit;
  const params = paramsOf(e);
  const changed = JSON.stringify(e) !== JSON.stringify(original);

  const setRows = (section: Section, rows: Row[]) => props.onEdit({ ...e, [section]: rows });
  const verifier = params.find((r) => r.key === 'code_verifier');
  const redirect = params.find((r) => r.key === 'redirect_uri');
  const dropId = useId();

  return (
    <div className="sim-request">
      <div className="sim-request-line">
        <span className={`sim-method sim-method-${e.method.toLowerCase()}`}>{e.method}</span>
        <code className="sim-url">{e.base}</code>
        {changed && <span className="badge badge-warn">edited</span>}
      </div>

      <div className="sim-quick" role="group" aria-label="Common tampers">
        <span className="muted">Tamper:</span>
        {verifier && <Button kind="ghost" onClick={() => props.onEdit(withParam(e, 'code_verifier', wrongVerifier(verifier.value)))}>Wrong PKCE verifier</Button>}
        {redirect && <Button kind="ghost" onClick={() => props.onEdit(withParam(e, 'redirect_uri', otherRedirectUri(redirect.value)))}>Another redirect URI</Button>}
        {props.quick.replay && <Button kind="ghost" onClick={props.quick.replay} title="Adds a step that sends the same code again">Replay the code</Button>}
        {props.quick.revoked && <Button kind="ghost" onClick={props.quick.revoked} title="Adds steps that revoke the access token, then use it">Use a revoked token</Button>}
        {props.quick.expired && <Button kind="ghost" onClick={props.quick.expired} title="Adds steps that expire the access token, then use it">Use an expired token</Button>}
        {params.length > 0 && (
          <span className="sim-drop">
            <label htmlFor={dropId} className="sim-sr-only">Drop a parameter</label>
            <select id={dropId} value="" onChange={(ev) => ev.target.value && props.onEdit(withoutParam(e, ev.target.value))}>
              <option value="">Drop a parameter…</option>
              {params.map((r) => <option key={r.key} value={r.key}>{r.key}</option>)}
            </select>
          </span>
        )}
        {changed && <Button kind="ghost" onClick={props.onResetEdit}>Undo edits</Button>}
        <label className="checkbox sim-reveal">
          <input type="checkbox" checked={reveal} onChange={(ev) => setReveal(ev.target.checked)} /> Reveal secrets
        </label>
      </div>

      {(e.method === 'GET' || e.query.length > 0) && (
        <RowsTable section="query" rows={e.query} original={original.query} shownRows={shown.query} secret={secrets.params} reveal={reveal} onChange={(rows) => setRows('query', rows)} />
      )}
      <RowsTable section="headers" rows={e.headers} original={original.headers} shownRows={shown.headers} secret={secrets.headers} reveal={reveal} onChange={(rows) => setRows('headers', rows)} />
      {(e.bodyKind === 'form' || e.bodyKind === 'json') && (
        <RowsTable section="body" rows={e.body} original={original.body} shownRows={shown.body} secret={secrets.params} reveal={reveal} onChange={(rows) => setRows('body', rows)} note={e.bodyKind === 'json' ? 'JSON body' : 'Form body'} />
      )}
      {e.bodyKind === 'text' && (
        <div className="field">
          <label htmlFor="sim-body-text">Body</label>
          <textarea id="sim-body-text" className="mono" value={e.text ?? ''} onChange={(ev) => props.onEdit({ ...e, text: ev.target.value })} />
        </div>
      )}
    </div>
  );
}

function RowsTable(props: { section: Section; rows: Row[]; original: Row[]; shownRows: Row[]; secret: Set<string>; reveal: boolean; note?: string; onChange(rows: Row[]): void }) {
  const what = SECTION_WORDS[props.section];
  const title = props.section === 'query' ? 'Query parameters' : props.section === 'headers' ? 'Headers' : props.note ?? 'Body';
  const set = (i: number, patch: Partial<Row>) => props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <table className="list sim-rows" aria-label={title}>
      <caption>{title}</caption>
      <thead>
        <tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col"><span className="sim-sr-only">Remove</span></th></tr>
      </thead>
      <tbody>
        {props.rows.map((r, i) => {
          const was = props.original.find((o) => o.key === r.key);
          const edited = !was || was.value !== r.value;
          const masked = props.secret.has(r.key) && !props.reveal && !edited;
          const label = r.key || `new ${what} ${i + 1}`;
          return (
            <tr key={i} className={edited ? 'sim-row-edited' : undefined}>
              <td className="sim-key">
                <input aria-label={`Name of ${what} ${label}`} className="mono" value={r.key} onChange={(ev) => set(i, { key: ev.target.value })} />
              </td>
              <td>
                {masked ? (
                  <input aria-label={`Value of ${what} ${label} (masked)`} className="mono" value={props.shownRows.find((s) => s.key === r.key)?.value ?? '••••••••'} readOnly title="A secret: tick Reveal secrets to see or change it" />
                ) : (
                  <input aria-label={`Value of ${what} ${label}`} className="mono" value={r.value} onChange={(ev) => set(i, { value: ev.target.value })} />
                )}
              </td>
              <td className="sim-remove">
                <button type="button" className="btn btn-ghost" aria-label={`Remove ${what} ${label}`} title="Remove" onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}>×</button>
              </td>
            </tr>
          );
        })}
        {props.original.filter((o) => !props.rows.some((r) => r.key === o.key)).map((o) => (
          <tr key={`gone-${o.key}`} className="sim-row-removed">
            <td className="mono">{o.key}</td>
            <td className="muted">removed — not sent</td>
            <td className="sim-remove">
              <button type="button" className="btn btn-ghost" aria-label={`Put back ${what} ${o.key}`} title="Put back" onClick={() => props.onChange([...props.rows, o])}>↺</button>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={3}>
            <button type="button" className="btn btn-ghost sim-add" onClick={() => props.onChange([...props.rows, { key: '', value: '' }])}>+ Add {what}</button>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

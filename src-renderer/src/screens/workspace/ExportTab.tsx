import { useState } from 'react';
import { useApi } from '../../api/use-api';
import type { AuthServer } from '../../api/types';
import { Button, ErrorBanner, Loading } from '../../components/ui';
import type { ExportText } from './types';

type Format = 'yaml' | 'json' | 'okta';

/** Offers text as a file: a blob URL, so nothing leaves the machine. */
export function download(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportTab() {
  const [format, setFormat] = useState<Format>('yaml');
  const [secrets, setSecrets] = useState(false);
  const [server, setServer] = useState('');
  const [copied, setCopied] = useState(false);
  const servers = useApi<AuthServer[]>('/authorizationServers');
  const query = new URLSearchParams({ format, wrap: 'true', ...(secrets ? { includeSecrets: 'true' } : {}), ...(format === 'okta' && server ? { server } : {}) });
  const doc = useApi<ExportText>(`/gatehouse/workspace/export?${query.toString()}`);
  const lines = doc.data ? doc.data.text.split('\n').length - 1 : 0;

  const copy = async () => {
    if (!doc.data) return;
    await navigator.clipboard.writeText(doc.data.text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <div className="ws-grid">
      <div className="card ws-options">
        <fieldset>
          <legend>Format</legend>
          <Choice<Format> name="format" value="yaml" current={format} onChange={setFormat} title="Workspace document, YAML" sub="Everything, by name: for git and for gatehouse apply / serve --config." />
          <Choice<Format> name="format" value="json" current={format} onChange={setFormat} title="Workspace document, JSON" sub="The same document as JSON." />
          <Choice<Format> name="format" value="okta" current={format} onChange={setFormat} title="Okta's JSON" sub="Authorization servers, apps and groups exactly as Okta's Management API returns them." />
        </fieldset>
        {format === 'okta' && (
          <div className="field" style={{ marginBottom: 12 }}>
            <label htmlFor="export-server">Authorization server</label>
            <select id="export-server" value={server} onChange={(e) => setServer(e.target.value)}>
              <option value="">All authorization servers</option>
              {servers.data?.map((s) => <option key={s.id} value={s.name}>{s.name}</option>)}
            </select>
            <p className="field-hint">One server brings the apps and groups its policies and rules name.</p>
          </div>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={secrets} onChange={(e) => setSecrets(e.target.checked)} />
          Include secrets
        </label>
        {secrets ? (
          <p className="ws-warning" role="note">The file will hold password hashes, client secrets and private signing keys, and is marked as such. Keep it like a password; do not commit it.</p>
        ) : (
          <p className="field-hint">Without secrets: no password hashes, client secrets or private keys. In a file you apply, write secrets as <code>{'${ENV_VAR}'}</code>.</p>
        )}
      </div>
      <div>
        <div className="ws-meta">
          {doc.data && <span>{doc.data.filename} · {lines} lines</span>}
          <span style={{ flex: 1 }} />
          <Button onClick={() => void copy()} disabled={!doc.data}>{copied ? 'Copied' : 'Copy'}</Button>
          <Button kind="primary" disabled={!doc.data} onClick={() => doc.data && download(doc.data.text, doc.data.filename, format === 'yaml' ? 'application/yaml' : 'application/json')}>
            Download {doc.data?.filename ?? ''}
          </Button>
        </div>
        {doc.loading && !doc.data && <Loading what="the export" />}
        {doc.error !== undefined && <ErrorBanner error={doc.error} title="The workspace could not be exported" />}
        {doc.data && <textarea className="ws-text" readOnly value={doc.data.text} aria-label="Exported document" spellCheck={false} />}
      </div>
    </div>
  );
}

export function Choice<T extends string>(props: { name: string; value: T; current: T; onChange(v: T): void; title: string; sub: string }) {
  return (
    <label className="ws-choice">
      <input type="radio" name={props.name} value={props.value} checked={props.current === props.value} onChange={() => props.onChange(props.value)} />
      <span>
        {props.title}
        <small>{props.sub}</small>
      </span>
    </label>
  );
}

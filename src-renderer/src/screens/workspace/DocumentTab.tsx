import { useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { Button, ErrorBanner } from '../../components/ui';
import { Choice } from './ExportTab';
import { PlanTable, ProblemList, planCounts } from './PlanTable';
import type { PlanView } from './types';

type Mode = 'merge' | 'sync';

/**
 * Import (preview, then apply) and Compare (the plan only: what differs between the workspace and a
 * file). Both take a file or pasted text: a workspace document (YAML or JSON) or Okta's JSON.
 */
export function DocumentTab(props: { mode: 'import' | 'compare' }) {
  const compare = props.mode === 'compare';
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [mode, setMode] = useState<Mode>(compare ? 'sync' : 'merge');
  const [plan, setPlan] = useState<PlanView>();
  const [planned, setPlanned] = useState<{ text: string; mode: Mode }>();
  const [problems, setProblems] = useState<ApiError>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PlanView>();
  const [confirming, setConfirming] = useState(false);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const stale = plan !== undefined && (planned?.text !== text || planned?.mode !== mode);

  const load = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 900_000) return setError(new Error(`${file.name} is larger than 900 kB.`));
    setText(await file.text());
    setFileName(file.name);
    reset();
  };
  const reset = () => {
    setPlan(undefined);
    setProblems(undefined);
    setError(undefined);
    setDone(undefined);
    setConfirming(false);
  };

  const run = async (path: 'plan' | 'import') => {
    setBusy(true);
    setError(undefined);
    setProblems(undefined);
    try {
      const result = await api<PlanView>(`/gatehouse/workspace/${path}`, { method: 'POST', body: { text, mode } });
      if (path === 'plan') {
        setPlan(result);
        setPlanned({ text, mode });
        setDone(undefined);
      } else {
        setDone(result);
        setPlan(undefined);
      }
      setConfirming(false);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'E0000001' && e.causes.length) setProblems(e);
      else setError(e);
      setPlan(undefined);
    } finally {
      setBusy(false);
    }
  };

  const counts = plan ? planCounts(plan) : undefined;
  const apply = () => (counts && counts.delete > 0 && !confirming ? setConfirming(true) : void run('import'));

  return (
    <div className="ws-grid">
      <div className="card ws-options">
        <div
          className={`ws-drop${dragging ? ' ws-drop-active' : ''}`}
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => { e.preventDefault(); setDragging(false); void load(e.dataTransfer.files[0]); }}
        >
          <div className="ws-file">
            <Button onClick={() => input.current?.click()}>Choose a file…</Button>
            <span>or drop it here</span>
          </div>
          <input ref={input} type="file" accept=".yaml,.yml,.json,application/json,application/yaml" hidden aria-label="Document file" onChange={(e) => void load(e.target.files?.[0])} />
          {fileName && <p className="field-hint" style={{ marginTop: 8 }}>Loaded <strong>{fileName}</strong></p>}
        </div>
        <fieldset>
          <legend>{compare ? 'Compare as' : 'How to import'}</legend>
          <Choice<Mode> name={`${props.mode}-mode`} value="merge" current={mode} onChange={(m) => { setMode(m); }} title="Add and update" sub="Objects of the file are created or updated by name; nothing is deleted." />
          <Choice<Mode> name={`${props.mode}-mode`} value="sync" current={mode} onChange={(m) => { setMode(m); }} title="Make the workspace match the file" sub="As gatehouse apply: each section the file has is made exactly so; what it leaves out is deleted." />
        </fieldset>
        <p className="field-hint">
          A workspace document (YAML or JSON), or Okta's JSON (authorization servers with their scopes, claims, policies and rules; apps; groups). Okta's JSON is always added and updated, never deleting.
        </p>
      </div>
      <div>
        <div className="field">
          <label htmlFor={`${props.mode}-text`}>Document</label>
          <textarea
            id={`${props.mode}-text`}
            className="ws-text ws-text-small"
            value={text}
            spellCheck={false}
            placeholder={'gatehouse: 1\ngroups:\n  - name: Orders Staff\n…'}
            onChange={(e) => { setText(e.target.value); setDone(undefined); }}
          />
        </div>
        <div className="form-actions">
          <Button kind={plan && !stale ? 'secondary' : 'primary'} disabled={!text.trim() || busy} onClick={() => void run('plan')}>
            {busy && !confirming ? 'Working…' : compare ? 'Compare' : 'Preview changes'}
          </Button>
          {!compare && plan && !stale && plan.changes.length > 0 && (
            <Button kind="primary" disabled={busy} onClick={apply}>Import {plan.changes.length} change{plan.changes.length === 1 ? '' : 's'}</Button>
          )}
          {stale && <span className="muted">The document or the choice changed: preview again.</span>}
        </div>
        {confirming && counts && (
          <div className="ws-confirm" role="alertdialog" aria-label="Confirm deletions">
            <p><strong>{counts.delete} object{counts.delete === 1 ? '' : 's'} will be deleted</strong> from the workspace, with everything that refers to them.</p>
            <div className="form-actions" style={{ marginTop: 0 }}>
              <Button kind="danger" onClick={() => void run('import')} disabled={busy}>Yes, import and delete</Button>
              <Button kind="ghost" onClick={() => setConfirming(false)}>Cancel</Button>
            </div>
          </div>
        )}
        <div style={{ marginTop: 16 }}>
          {problems && <ProblemList title={`The document has ${problems.causes.length} problem${problems.causes.length === 1 ? '' : 's'}; nothing was changed`} causes={problems.causes} />}
          {error !== undefined && <ErrorBanner error={error} />}
          {done && (
            <div className="banner banner-ok" role="status">
              <strong>Imported</strong>
              <span>{done.changes.length ? `${done.changes.length} change${done.changes.length === 1 ? '' : 's'} written in one transaction.` : 'Nothing to change: the workspace already matched.'}</span>
            </div>
          )}
          {plan && (
            <PlanTable
              plan={plan}
              label={compare ? 'Differences' : 'Changes the import makes'}
              nothing={compare ? 'The workspace matches the file.' : 'Nothing to import: the workspace already has all of it.'}
            />
          )}
        </div>
      </div>
    </div>
  );
}

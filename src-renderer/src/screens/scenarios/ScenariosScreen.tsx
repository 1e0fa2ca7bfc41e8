import { useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { OktaApp } from '../../api/types';
import { Badge, Button, Empty, ErrorBanner, Field, FormError, Loading, Page } from '../../components/ui';
import { href } from '../../router';
import { ExchangeView } from '../simulator/ExchangeView';
import { expectationProblems, FLOW_LABELS, inWords } from '../simulator/logic';
import type { Scenario, ScenarioResult } from '../simulator/types';
import { useScenarioRuns } from './store';
import '../simulator/simulator.css';

/** Saved scenarios as a regression suite: run them, see a pass/fail matrix, read each failure. */
export function ScenariosScreen() {
  const list = useApi<Scenario[]>('/gatehouse/scenarios');
  const apps = useApi<OktaApp[]>('/apps');
  const { results, progress, error: runError, runAll, runOne, forget } = useScenarioRuns();
  const [editing, setEditing] = useState<Scenario>();
  const [deleting, setDeleting] = useState<Scenario>();
  const [deleteError, setDeleteError] = useState<unknown>();
  const [busyDelete, setBusyDelete] = useState(false);
  const scenarios = list.data ?? [];
  const clientLabel = (clientId: string) => apps.data?.find((a) => a.credentials.oauthClient.client_id === clientId)?.label ?? clientId;
  const ran = scenarios.filter((s) => results[s.id]);
  const passed = ran.filter((s) => results[s.id]!.passed).length;

  const remove = async (s: Scenario) => {
    setBusyDelete(true);
    setDeleteError(undefined);
    try {
      await api(`/gatehouse/scenarios/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      forget(s.id);
      setDeleting(undefined);
      list.reload();
    } catch (e) {
      setDeleteError(e);
    } finally {
      setBusyDelete(false);
    }
  };

  return (
    <Page
      title="Scenarios"
      subtitle="Simulations kept with what they should come to: run them after every policy change. The same suite runs headless with gatehouse test."
      actions={<div className="sim-actions"><Button kind="primary" onClick={() => void runAll(scenarios.map((s) => ({ id: s.id, name: s.name })))} disabled={!!progress || scenarios.length === 0}>Run all</Button></div>}
    >
      {progress && (
        <div className="card sc-progress" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span>Running {progress.done + 1} of {progress.total}: {progress.current}…</span>
          <progress max={progress.total} value={progress.done} aria-label="Scenarios run so far" />
        </div>
      )}
      {runError ? <ErrorBanner error={runError} title="A scenario could not be run" /> : null}
      {!progress && ran.length > 0 && (
        <p className="sc-summary" role="status">
          <Badge tone={passed > 0 ? 'good' : 'muted'}>{`${passed} passed`}</Badge>
          {ran.length - passed > 0 && <Badge tone="bad">{`${ran.length - passed} failed`}</Badge>}
          <span className="muted">of {ran.length} run</span>
        </p>
      )}
      {deleting && (
        <div className="sc-confirm" role="alertdialog" aria-labelledby="sc-del-title" onKeyDown={(e) => e.key === 'Escape' && setDeleting(undefined)}>
          <div>
            <strong id="sc-del-title">Delete “{deleting.name}”?</strong>
            <div>The scenario is removed from this workspace; this cannot be undone.</div>
            {deleteError ? <div role="alert">{String((deleteError as Error).message)}</div> : null}
          </div>
          <div className="actions">
            <Button kind="danger" onClick={() => void remove(deleting)} disabled={busyDelete}>{busyDelete ? 'Deleting…' : 'Delete scenario'}</Button>
            <Button kind="ghost" onClick={() => setDeleting(undefined)}>Cancel</Button>
          </div>
        </div>
      )}
      {editing && <EditScenario key={editing.id} scenario={editing} stepIds={results[editing.id]?.runs.map((r) => r.step.id)} onDone={(saved) => { setEditing(undefined); if (saved) list.reload(); }} />}

      {list.loading && !list.data ? (
        <Loading what="scenarios" />
      ) : list.error ? (
        <ErrorBanner error={list.error} title="The scenarios could not be read" />
      ) : scenarios.length === 0 ? (
        <Empty title="No scenarios yet">
          Run a flow in the <a href={href('simulator')}>simulator</a> and choose “Save as scenario”: it keeps the setup, your tampers and what should happen.
        </Empty>
      ) : (
        <>
          <table className="list sc-list" aria-label="Saved scenarios">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Flow</th><th scope="col">Client</th><th scope="col">Last result</th><th scope="col"><span className="sim-sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {scenarios.map((s) => {
                const r = results[s.id];
                return (
                  <tr key={s.id}>
                    <td><div className="cell-title">{s.name}</div>{s.description && <div className="cell-sub">{s.description}</div>}</td>
                    <td>{FLOW_LABELS[s.setup.flow]}<div className="cell-sub">{s.setup.scopes.join(' ') || 'no scopes'}</div></td>
                    <td>{clientLabel(s.setup.clientId)}<div className="cell-sub">{s.setup.user?.username ?? 'no user'}</div></td>
                    <td>{r ? <><Badge tone={r.passed ? 'good' : 'bad'}>{r.passed ? 'passed' : 'failed'}</Badge> <span className="muted">{r.durationMs} ms</span></> : <span className="muted">not run yet</span>}</td>
                    <td>
                      <div className="sc-row-actions">
                        <button type="button" className="btn btn-secondary" aria-label={`Run ${s.name}`} disabled={!!progress} onClick={() => void runOne(s.id, s.name)}>Run</button>
                        <button type="button" className="btn btn-secondary" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s)}>Edit</button>
                        <button type="button" className="btn btn-danger" aria-label={`Delete ${s.name}`} onClick={() => { setDeleteError(undefined); setDeleting(s); }}>Delete</button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {ran.length > 0 && <ResultsMatrix scenarios={ran} results={results} />}
        </>
      )}
    </Page>
  );
}

type CellState = 'pass' | 'fail' | 'ran' | 'none';

/** Rows: scenarios; columns: steps. A cell is green or red where a step had expectations. */
function ResultsMatrix(props: { scenarios: Scenario[]; results: Record<string, ScenarioResult> }) {
  const [picked, setPicked] = useState<{ id: string; step: string }>();
  const columns = useMemo(() => {
    const cols: { id: string; title: string }[] = [];
    for (const s of props.scenarios) for (const r of props.results[s.id]!.runs) if (!cols.some((c) => c.id === r.step.id)) cols.push({ id: r.step.id, title: r.step.title });
    return cols;
  }, [props.scenarios, props.results]);
  const cell = (s: Scenario, step: string): CellState => {
    const res = props.results[s.id]!;
    const x = res.expectations.find((e) => e.step === step);
    if (x) return x.passed ? 'pass' : 'fail';
    return res.runs.some((r) => r.step.id === step) ? 'ran' : 'none';
  };
  const failures = props.scenarios.filter((s) => !props.results[s.id]!.passed);
  const pickedScenario = picked && props.scenarios.find((s) => s.id === picked.id);
  const pickedResult = picked && props.results[picked.id];
  const pickedRunIndex = pickedResult ? pickedResult.runs.findIndex((r) => r.step.id === picked!.step) : -1;
  const pickedRun = pickedResult?.runs[pickedRunIndex];
  const pickedExpect = pickedResult?.expectations.find((e) => e.step === picked?.step);

  return (
    <>
      <section className="card" aria-labelledby="sc-matrix-title">
        <h2 id="sc-matrix-title">Pass/fail by step</h2>
        <div className="sc-matrix-wrap">
          <table className="sc-matrix" aria-label="Results by scenario and step">
            <thead>
              <tr><th scope="col">Scenario</th>{columns.map((c) => <th key={c.id} scope="col" className="sc-col" title={c.title}>{c.id}</th>)}</tr>
            </thead>
            <tbody>
              {props.scenarios.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th>
                  {columns.map((c) => {
                    const st = cell(s, c.id);
                    const selected = picked?.id === s.id && picked.step === c.id;
                    const label = st === 'pass' ? '✓ passed' : st === 'fail' ? '✗ failed' : st === 'ran' ? 'ran' : '';
                    return (
                      <td key={c.id}>
                        {st === 'none' ? (
                          <span className="sc-cell sc-cell-none" aria-label={`${s.name}, ${c.id}: not in this scenario`} />
                        ) : (
                          <button type="button" className={`sc-cell sc-cell-${st}${selected ? ' sc-cell-selected' : ''}`} aria-pressed={selected} aria-label={`${s.name}, ${c.id}: ${st === 'ran' ? 'ran, nothing expected' : st === 'pass' ? 'passed' : 'failed'}`} onClick={() => setPicked(selected ? undefined : { id: s.id, step: c.id })}>
                            {label}
                          </button>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">Green and red cells are steps the scenario has expectations for; grey ones ran without any. Click a cell to read its exchange and the server’s trace.</p>
      </section>

      {failures.length > 0 && (
        <section className="card" aria-labelledby="sc-fail-title">
          <h2 id="sc-fail-title">Failures</h2>
          <ul className="sc-failures">
            {failures.map((s) => {
              const r = props.results[s.id]!;
              return (
                <li key={s.id}>
                  <strong>{s.name}</strong>
                  {r.problem && <div>Could not run: {r.problem}</div>}
                  {r.expectations.filter((x) => !x.passed).map((x) => (
                    <div key={x.step}>
                      <span className="muted">Step </span><code>{x.step}</code>
                      <dl className="sc-diff">
                        {x.mismatches.map((m, i) => (
                          <div key={i} className="sim-kv-row">
                            <dt>{m.what}</dt>
                            <dd>expected <strong>{inWords(m.expected)}</strong>, got <strong>{inWords(m.actual)}</strong></dd>
                          </div>
                        ))}
                      </dl>
                    </div>
                  ))}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {pickedScenario && pickedRun && (
        <section className="card" aria-labelledby="sc-step-title">
          <div className="sim-step-head">
            <h2 id="sc-step-title">{pickedScenario.name} · step {pickedRunIndex + 1}: {pickedRun.step.title}</h2>
            <Button kind="ghost" onClick={() => setPicked(undefined)}>Close</Button>
          </div>
          {pickedExpect && !pickedExpect.passed && (
            <div className="banner banner-error" role="alert">
              <strong>Expectation not met</strong>
              {pickedExpect.mismatches.map((m, i) => <span key={i}>{m.what}: expected {inWords(m.expected)}, got {inWords(m.actual)}</span>)}
            </div>
          )}
          <ExchangeView run={pickedRun} index={pickedRunIndex} origin={{ authServerId: pickedScenario.setup.authServerId, clientId: pickedScenario.setup.clientId }} />
        </section>
      )}
    </>
  );
}

/** Name, description and expectations (as JSON, checked as you type). */
function EditScenario(props: { scenario: Scenario; stepIds?: string[]; onDone(saved: boolean): void }) {
  const s = props.scenario;
  const [name, setName] = useState(s.name);
  const [description, setDescription] = useState(s.description ?? '');
  const [text, setText] = useState(JSON.stringify(s.expectations, null, 2));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const problems = expectationProblems(text, props.stepIds);
  const nameProblem = name.trim() ? undefined : 'A scenario needs a name';

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/gatehouse/scenarios/${encodeURIComponent(s.id)}`, {
        method: 'PUT',
        body: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), setup: s.setup, tampers: s.tampers, expectations: JSON.parse(text) as unknown },
      });
      props.onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  };
  const expectationsCause = error?.causes.filter((c) => c.startsWith('expectations')).join('; ');

  return (
    <section className="card sc-editor" aria-labelledby="sc-edit-title">
      <h2 id="sc-edit-title">Edit “{s.name}”</h2>
      <form onSubmit={(e) => { e.preventDefault(); if (!problems.length && !nameProblem) void save(); }}>
        <FormError error={error} fields={['name', 'description', 'expectations']} />
        <div className="form-grid">
          <Field label="Name" htmlFor="sc-name" error={error?.causeFor('name') ?? nameProblem}>
            <input id="sc-name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Description" htmlFor="sc-desc" error={error?.causeFor('description')}>
            <input id="sc-desc" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <Field label="Expectations (JSON)" htmlFor="sc-expect" error={problems.join(' · ') || expectationsCause || undefined} hint='Each: { "step", "outcome": "success" | "error", "error", "status", "scopes": [...], "claims": [{ "token", "claim", "equals" }], "active" }'>
          <textarea id="sc-expect" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={busy || problems.length > 0 || !!nameProblem}>{busy ? 'Saving…' : 'Save changes'}</Button>
          <Button kind="ghost" onClick={() => props.onDone(false)}>Cancel</Button>
        </div>
      </form>
    </section>
  );
}

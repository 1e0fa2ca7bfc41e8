import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer, OktaApp } from '../../api/types';
import { Button, Empty, ErrorBanner, Loading, Page } from '../../components/ui';
import { ExchangeView } from './ExchangeView';
import { RequestEditor } from './RequestEditor';
import { SaveScenario } from './SaveScenario';
import { SequenceDiagram } from './SequenceDiagram';
import { SetupPanel } from './SetupPanel';
import { toSetup, useSimulator } from './store';
import type { StepRun } from './types';
import './simulator.css';

/** The flow simulator: pick a setup, then send each request of the flow, edited or not, and read why. */
export function SimulatorScreen() {
  const apps = useApi<OktaApp[]>('/apps');
  const servers = useApi<AuthServer[]>('/authorizationServers');
  const sim = useSimulator();
  const setup = useMemo(() => toSetup(sim.draft), [sim.draft]);
  const setupKey = setup ? JSON.stringify(setup) : '';
  const [saving, setSaving] = useState(false);
  const plan = sim.plan;

  // Plan again shortly after the setup settles (typing a username should not plan per keystroke).
  useEffect(() => {
    const t = setTimeout(() => void plan(), 250);
    return () => clearTimeout(t);
  }, [setupKey, plan]);

  // For the moment between a change and its plan the steps shown belong to the old setup: nothing is sent.
  const settling = !!setup && setupKey !== sim.plannedKey;
  const runs = sim.steps.map((s) => sim.runs[s.id]).filter((r): r is StepRun => !!r);
  const done = sim.steps.length > 0 && sim.current >= sim.steps.length;
  const busy = sim.busy !== undefined;

  return (
    <Page
      title="Flow simulator"
      subtitle="Send each request of a grant flow yourself, change any part of it first, and read why the server decided."
      actions={
        <div className="sim-actions">
          <Button onClick={() => void sim.runRemaining()} disabled={busy || done || sim.steps.length === 0 || sim.stale || settling} title="Send every step that is left, as prepared (and your edits to the current one)">
            {sim.busy === 'run' ? 'Running…' : sim.current > 0 ? 'Run the rest' : 'Run all'}
          </Button>
          <Button onClick={() => void sim.reset()} disabled={busy || !setup}>Reset</Button>
          <Button kind="primary" onClick={() => setSaving(true)} disabled={runs.length === 0 || saving}>Save as scenario</Button>
        </div>
      }
    >
      {apps.loading || servers.loading ? (
        <Loading what="clients and servers" />
      ) : apps.error || servers.error ? (
        <ErrorBanner error={apps.error ?? servers.error} title="The clients or servers could not be read" />
      ) : (
        <>
          <SetupPanel apps={apps.data ?? []} servers={servers.data ?? []} />
          {sim.stale && (
            <div className="banner sim-stale" role="status">
              <strong>The setup changed after steps were sent.</strong>
              <span>Reset to start again with the new setup; the steps below belong to the old one. <button type="button" className="btn btn-secondary" onClick={() => void sim.reset()}>Reset now</button></span>
            </div>
          )}
          {saving && setup && <SaveScenario setup={setup} runs={runs} tampers={sim.tampers} onClose={() => setSaving(false)} />}
          {sim.steps.length === 0 ? (
            sim.busy === 'plan' ? <Loading what="the flow" /> : sim.error ? <ErrorBanner error={sim.error} title="This setup cannot run" /> : setup ? null : <Empty title="No flow yet">Pick a server, a client, a flow and a user above: the steps of the flow appear here.</Empty>
          ) : (
            <div className="sim-main">
              <SequenceDiagram steps={sim.steps} current={sim.current} runs={sim.runs} skipped={sim.skipped} viewing={sim.viewing} onPick={sim.view} />
              <StepPanel />
            </div>
          )}
        </>
      )}
    </Page>
  );
}

/** The right-hand side: the step being looked at, finished (its exchange) or next (its request). */
function StepPanel() {
  const sim = useSimulator();
  const setup = toSetup(sim.draft);
  const settling = !!setup && JSON.stringify(setup) !== sim.plannedKey;
  const viewIndex = sim.viewing ? sim.steps.findIndex((s) => s.id === sim.viewing) : -1;
  const viewed = viewIndex >= 0 ? sim.runs[sim.steps[viewIndex]!.id] : undefined;
  const step = sim.steps[sim.current];
  const origin = { authServerId: sim.draft.authServerId, clientId: sim.draft.clientId };
  const busy = sim.busy !== undefined;
  const code = sim.draft.flow === 'authorization_code' || sim.draft.flow === 'hybrid';
  // A step just sent (or picked in the sequence) is brought into view: its answer is what the tester waits for.
  const viewedRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (sim.viewing) viewedRef.current?.scrollIntoView({ block: 'start' });
  }, [sim.viewing]);

  return (
    <div className="sim-panels">
      {viewed && (
        <section className="card sim-step" aria-labelledby="sim-viewed-title" ref={viewedRef}>
          <div className="sim-step-head">
            <h2 id="sim-viewed-title">Step {viewIndex + 1}: {viewed.step.title}</h2>
            <Button kind="ghost" onClick={() => sim.view(undefined)} title="Hide this step's exchange">Close</Button>
          </div>
          <p className="muted sim-explain">{viewed.step.explain}</p>
          <ExchangeView run={viewed} index={viewIndex} origin={origin} />
        </section>
      )}
      {step && (
        <section className="card sim-step" aria-labelledby="sim-step-title">
          <div className="sim-step-head">
            <h2 id="sim-step-title">Step {sim.current + 1} of {sim.steps.length}: {step.title}</h2>
          </div>
          <p className="muted sim-explain">{step.explain}</p>
          {sim.error ? <ErrorBanner error={inWordsForStep(sim.error)} title={sim.prepared ? 'Not sent' : 'This step cannot be prepared'} /> : null}
          {sim.busy === 'prepare' && <Loading what="the request" />}
          {sim.prepared?.local ? (
            <p className="sim-local" role="note">Nothing goes over the network here: the workbench does this step itself.</p>
          ) : step.interactive && sim.prepared ? (
            <PersonStep url={sim.prepared.request.url} busy={busy} onCallback={(u) => void sim.callback(u)} />
          ) : sim.prepared && !sim.prepared.local && sim.edit ? (
            <RequestEditor
              step={step}
              prepared={sim.prepared}
              edit={sim.edit}
              onEdit={sim.setEdit}
              onResetEdit={sim.resetEdit}
              quick={{
                ...(code && !sim.draft.then.includes('replay_code') && step.id === 'token' ? { replay: () => void sim.addFollowUps(['replay_code']) } : {}),
                ...(step.id === 'token' && !sim.draft.then.includes('revoke_access') ? { revoked: () => void sim.addFollowUps(['revoke_access', 'introspect_access', ...(sim.draft.scopes.includes('openid') ? (['userinfo'] as const) : [])]) } : {}),
                ...(step.id === 'token' && !sim.draft.then.includes('expire_access') ? { expired: () => void sim.addFollowUps(['expire_access', 'introspect_access', ...(sim.draft.scopes.includes('openid') ? (['userinfo'] as const) : [])]) } : {}),
              }}
            />
          ) : null}
          <div className="form-actions sim-send">
            {!step.interactive && <Button kind="primary" onClick={() => void sim.send()} disabled={busy || !sim.prepared || !setup || sim.stale || settling}>{sim.busy === 'send' ? 'Sending…' : sim.prepared?.local ? 'Do it' : 'Send'}</Button>}
            <Button onClick={() => void sim.skip()} disabled={busy}>Skip this step</Button>
          </div>
        </section>
      )}
      {!step && (
        <section className="card sim-step" aria-labelledby="sim-done-title">
          <h2 id="sim-done-title">Flow finished</h2>
          <p>
            {Object.values(sim.runs).filter((r) => r.result.ok).length} of {sim.steps.length} steps succeeded
            {sim.skipped.length ? `, ${sim.skipped.length} skipped` : ''}. Pick a step in the sequence to read its exchange, Reset to run the flow again, or save it as a scenario.
          </p>
        </section>
      )}
    </div>
  );
}

/**
 * The server's reasons alone: a step it cannot prepare or send comes back as a validation error
 * whose cause already says it in a sentence ("step: This step needs …"), which the generic
 * summary ("Api validation failed: step") would only repeat.
 */
function inWordsForStep(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.causes.length === 0) return error;
  return new Error(error.causes.map((c) => c.replace(/^step: /, '')).join('; '));
}

/** Sign-in mode 'person': the tester opens the real authorize URL, signs in, and pastes where they landed. */
function PersonStep(props: { url: string; busy: boolean; onCallback(url: string): void }) {
  const [landed, setLanded] = useState('');
  const looksRight = /[?#&](code|access_token|id_token|error)=/.test(landed);
  return (
    <div className="sim-person">
      <p>Open this address in your browser and sign in as the user. The server sends the browser back to the app’s redirect URI: copy the whole address you land on (it may not load — that is fine) and paste it below.</p>
      <code className="sim-raw">{props.url}</code>
      <div className="form-actions">
        <Button onClick={() => window.open(props.url, '_blank', 'noopener')}>Open in browser</Button>
      </div>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          if (looksRight) props.onCallback(landed.trim());
        }}
      >
        <label htmlFor="sim-landed">Address you landed on</label>
        <input id="sim-landed" className="mono" value={landed} onChange={(e) => setLanded(e.target.value)} placeholder="http://localhost:8080/callback?code=…&state=…" />
        {landed && !looksRight && <p className="field-error" role="alert">That address carries no code=, access_token=, id_token= or error=: paste the whole address from the browser’s bar.</p>}
        <div className="form-actions"><Button kind="primary" type="submit" disabled={props.busy || !looksRight}>Continue with this address</Button></div>
      </form>
    </div>
  );
}

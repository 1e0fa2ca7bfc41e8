import type { SimulationSetup, Tamper } from './definition.js';
import type { HttpRequestSpec, SimState, StepInfo, StepRun } from './types.js';
import { exchange, headerOf } from './http-exchange.js';
import { absorb, decodeToken, kindOf, newState, planSteps, prepare, SimulationError, type ClientProfile, type FlowContext } from './steps.js';

/** What the simulator needs from its host: where the server is, the client, and the server's log. */
export interface SimulatorDeps {
  orgUrl: string;
  client: ClientProfile;
  /** The System Log events of one request (the host flushes the log first). */
  events(requestId: string): Promise<unknown[]> | unknown[];
  /** The same access token with an expiry in the past, signed by the server's key (expire_access). */
  expire(accessToken: string): Promise<string>;
}

/** Values never shown in a recorded request. */
function secretsOf(setup: SimulationSetup, deps: SimulatorDeps): string[] {
  return [deps.client.clientSecret, setup.user?.password].filter((s): s is string => !!s);
}

function context(setup: SimulationSetup, deps: SimulatorDeps): FlowContext {
  return { orgUrl: deps.orgUrl, setup, client: deps.client };
}

export function start(setup: SimulationSetup): { steps: StepInfo[]; state: SimState } {
  return { steps: planSteps(setup), state: newState(setup) };
}

/** A tamper applied to a prepared request: query parameters for a GET, the form (or JSON) body for a POST. */
export function applyTamper(req: HttpRequestSpec, t: Pick<Tamper, 'set' | 'remove' | 'headers'>): HttpRequestSpec {
  const out: HttpRequestSpec = { ...req, headers: { ...req.headers } };
  const edit = (p: URLSearchParams) => {
    for (const [k, v] of Object.entries(t.set ?? {})) p.set(k, v);
    for (const k of t.remove ?? []) p.delete(k);
  };
  if (req.method === 'GET') {
    const u = new URL(req.url);
    edit(u.searchParams);
    out.url = u.toString();
  } else if (/json/i.test(headerOf(req.headers, 'content-type') ?? '')) {
    const body = JSON.parse(req.body ?? '{}') as Record<string, unknown>;
    for (const [k, v] of Object.entries(t.set ?? {})) body[k] = v;
    for (const k of t.remove ?? []) delete body[k];
    out.body = JSON.stringify(body);
  } else {
    const p = new URLSearchParams(req.body ?? '');
    edit(p);
    out.body = p.toString();
  }
  for (const [k, v] of Object.entries(t.headers ?? {})) {
    for (const existing of Object.keys(out.headers)) if (existing.toLowerCase() === k.toLowerCase()) delete out.headers[existing];
    if (v !== null) out.headers[k] = v;
  }
  return out;
}

/** The request a step would send now, as sent (`request`) and as shown (`shown`, secrets masked). */
export async function prepareStep(setup: SimulationSetup, deps: SimulatorDeps, state: SimState, stepId: string): Promise<HttpRequestSpec> {
  return prepare(stepId, context(setup, deps), state);
}

/**
 * Sends a step's request (as prepared, or as the tester edited it), records the exchange with the
 * server's events for it, and reads the answer into a new state.
 */
export async function sendStep(setup: SimulationSetup, deps: SimulatorDeps, state: SimState, step: StepInfo, request: HttpRequestSpec, tampered = false): Promise<{ run: StepRun; state: SimState }> {
  const next: SimState = structuredClone(state);
  const recorded = await exchange(request, { secrets: secretsOf(setup, deps), events: deps.events });
  const { rawBody, setCookies, ...ex } = recorded;
  const result = absorb(step.id, context(setup, deps), next, { status: ex.response.status, headers: ex.response.headers, body: rawBody, setCookies });
  return { run: { step, exchange: ex, result, ...(tampered ? { tampered } : {}) }, state: next };
}

/** A step the workbench does itself, with no HTTP exchange. */
export async function runLocalStep(deps: SimulatorDeps, state: SimState, step: StepInfo): Promise<{ run: StepRun; state: SimState }> {
  const next: SimState = structuredClone(state);
  if (kindOf(step.id) !== 'expire_access') throw new SimulationError(`'${step.id}' is not a step the workbench does itself.`);
  if (!state.accessToken) throw new SimulationError('This step needs an access token, and the steps before it did not produce one.');
  next.accessToken = await deps.expire(state.accessToken);
  const token = decodeToken(next.accessToken);
  const exp = token.claims?.exp;
  return {
    run: { step, result: { ok: true, status: 0, tokens: { access_token: token }, summary: `The access token now expired at ${typeof exp === 'number' ? new Date(exp * 1000).toISOString() : '?'}; the steps after this one use it.` } },
    state: next,
  };
}

/** Runs every step in order, each with its tamper; a step that cannot be prepared is reported, not thrown. */
export async function runAll(setup: SimulationSetup, deps: SimulatorDeps, tampers: Tamper[] = []): Promise<{ runs: StepRun[]; state: SimState }> {
  let { steps, state } = start(setup);
  const runs: StepRun[] = [];
  for (const step of steps) {
    if (step.interactive) {
      runs.push({ step, result: { ok: false, status: 0, error: 'needs_a_person', summary: 'This step is done by a person in their browser; it cannot run unattended. Use sign-in by session token or by the sign-in page to run it here.' } });
      continue;
    }
    let request: HttpRequestSpec;
    try {
      if (step.local) {
        const done = await runLocalStep(deps, state, step);
        runs.push(done.run);
        state = done.state;
        continue;
      }
      request = await prepareStep(setup, deps, state, step.id);
    } catch (e) {
      if (!(e instanceof SimulationError)) throw e;
      runs.push({ step, result: { ok: false, status: 0, error: 'not_sent', summary: e.message } });
      continue;
    }
    const own = tampers.filter((t) => t.step === step.id);
    for (const t of own) request = applyTamper(request, t);
    const sent = await sendStep(setup, deps, state, step, request, own.length > 0);
    runs.push(sent.run);
    state = sent.state;
  }
  return { runs, state };
}

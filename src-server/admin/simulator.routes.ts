import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { Errors } from '../errors.js';
import { param } from './middleware.js';
import { parseBody } from './validation.js';
import { newId } from '../util/ids.js';
import { scenarioSchema, setupSchema, tamperSchema, type Scenario, type SimulationSetup } from '../simulator/definition.js';
import { applyTamper, prepareStep, runAll, runLocalStep, sendStep, start } from '../simulator/engine.js';
import { maskRequest } from '../simulator/http-exchange.js';
import { absorbCallback, callbackParams, planSteps, SimulationError } from '../simulator/steps.js';
import { runnableSetup, runScenario, setupProblems, simulatorDeps, type ScenarioResult } from '../simulator/host.js';
import type { HttpRequestSpec, SimState } from '../simulator/types.js';

/*
 * The flow simulator and saved scenarios, for the workbench (Gatehouse extensions):
 *   POST /gatehouse/simulator/plan      {setup}                       -> {steps, state}
 *   POST /gatehouse/simulator/prepare   {setup, state, step}          -> {request, shown}
 *   POST /gatehouse/simulator/send      {setup, state, step, request} -> {run, state}
 *   POST /gatehouse/simulator/callback  {setup, state, url}           -> {run, state}
 *   POST /gatehouse/simulator/run       {setup, tampers}              -> {steps, runs, state}
 *   /gatehouse/scenarios (CRUD), POST /gatehouse/scenarios/run {ids?}, POST /gatehouse/scenarios/:id/run
 * The workbench holds a simulation's state between steps; the server keeps nothing but scenarios.
 */

const stateSchema = z.looseObject({ state: z.string(), cookies: z.record(z.string(), z.string()) });

const requestSchema = z.strictObject({
  method: z.enum(['GET', 'POST']),
  url: z.string().max(16_384),
  headers: z.record(z.string().max(255), z.string().max(16_384)),
  body: z.string().max(256 * 1024).optional(),
});

const withSetup = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ setup: setupSchema, ...shape });

export function simulatorRouter(ctx: AppContext): Router {
  const r = Router();

  const setupOf = (setup: SimulationSetup): SimulationSetup => {
    const runnable = runnableSetup(setup);
    const problems = [...setupProblems(ctx, setup), ...runnable.problems];
    if (problems.length) throw Errors.validation(problems);
    return runnable.setup;
  };
  const stepOf = (setup: SimulationSetup, id: string) => {
    const step = planSteps(setup).find((s) => s.id === id);
    if (!step) throw Errors.validation([{ field: 'step', message: `There is no step '${id}' in this simulation (steps: ${planSteps(setup).map((s) => s.id).join(', ')})` }]);
    return step;
  };
  const simulationError = (e: unknown): never => {
    if (e instanceof SimulationError) throw Errors.validation([{ field: 'step', message: e.message }]);
    throw e;
  };

  r.post('/simulator/plan', (req, res) => {
    const { setup } = parseBody(withSetup({}), req.body);
    res.json(start(setupOf(setup)));
  });

  r.post('/simulator/prepare', async (req, res) => {
    const b = parseBody(withSetup({ state: stateSchema, step: z.string().max(64), tamper: tamperSchema.omit({ step: true }).optional() }), req.body);
    const setup = setupOf(b.setup);
    const step = stepOf(setup, b.step);
    // A local step sends nothing: there is no request to show or edit.
    if (step.local) return void res.json({ local: true, explain: step.explain });
    const deps = simulatorDeps(ctx, setup);
    let request = await prepareStep(setup, deps, b.state as unknown as SimState, b.step).catch(simulationError);
    if (b.tamper) request = applyTamper(request, b.tamper);
    const secrets = [deps.client.clientSecret, setup.user?.password].filter((s): s is string => !!s);
    res.json({ request, shown: maskRequest(request, secrets) });
  });

  r.post('/simulator/send', async (req, res) => {
    const b = parseBody(withSetup({ state: stateSchema, step: z.string().max(64), request: requestSchema.optional(), tampered: z.boolean().optional() }), req.body);
    const setup = setupOf(b.setup);
    const step = stepOf(setup, b.step);
    if (step.local) return void res.json(await runLocalStep(simulatorDeps(ctx, setup), b.state as unknown as SimState, step).catch(simulationError));
    if (!b.request) throw Errors.validation([{ field: 'request', message: 'The field cannot be left blank' }]);
    const request = ownOrigin(ctx, b.request);
    res.json(await sendStep(setup, simulatorDeps(ctx, setup), b.state as unknown as SimState, step, request, b.tampered ?? false));
  });

  r.post('/simulator/callback', (req, res) => {
    const b = parseBody(withSetup({ state: stateSchema, url: z.string().min(1).max(16_384) }), req.body);
    const setup = setupOf(b.setup);
    const step = stepOf(setup, 'authorize');
    const state = structuredClone(b.state) as unknown as SimState;
    let params: URLSearchParams | undefined;
    try {
      params = callbackParams(b.url.trim(), '');
    } catch {
      params = undefined;
    }
    if (!params) throw Errors.validation([{ field: 'url', message: 'Paste the whole address the browser landed on: it carries code=, access_token=, id_token= or error= after ? or #' }]);
    const deps = simulatorDeps(ctx, setup);
    const result = absorbCallback({ orgUrl: deps.orgUrl, setup, client: deps.client }, state, params);
    res.json({ run: { step, result }, state });
  });

  r.post('/simulator/run', async (req, res) => {
    const b = parseBody(withSetup({ tampers: z.array(tamperSchema).max(50).default([]) }), req.body);
    const setup = setupOf(b.setup);
    const { runs, state } = await runAll(setup, simulatorDeps(ctx, setup), b.tampers);
    res.json({ steps: planSteps(setup), runs, state });
  });

  // ---- saved scenarios ----
  const repo = ctx.store.scenarios;
  const find = (id: string): Scenario => {
    const s = repo.get(id);
    if (!s) throw Errors.notFound(id, 'Scenario');
    return s;
  };
  const parseScenario = (body: unknown, id?: string) => {
    const def = parseBody(scenarioSchema.extend({ id: z.unknown().optional(), created: z.unknown().optional(), lastUpdated: z.unknown().optional() }), body);
    const { id: _i, created: _c, lastUpdated: _l, ...clean } = def;
    const clash = repo.byName(clean.name);
    if (clash && clash.id !== id) throw Errors.validation([{ field: 'name', message: 'A scenario with this name already exists' }]);
    const problems = setupProblems(ctx, clean.setup);
    if (problems.length) throw Errors.validation(problems);
    return clean;
  };

  r.get('/scenarios', (_req, res) => res.json(repo.list()));
  r.post('/scenarios', (req, res) => {
    const def = parseScenario(req.body);
    res.status(200).json(repo.insert(newId('scenario'), def, isoAt(ctx)));
  });
  r.post('/scenarios/run', async (req, res) => {
    const b = parseBody(z.strictObject({ ids: z.array(z.string()).max(500).optional() }), req.body ?? {});
    const list = b.ids ? b.ids.map(find) : repo.list();
    const results: ScenarioResult[] = [];
    for (const s of list) results.push(await runScenario(ctx, s));
    res.json({ passed: results.filter((x) => x.passed).length, failed: results.filter((x) => !x.passed).length, results });
  });
  r.get('/scenarios/:id', (req, res) => res.json(find(param(req, 'id'))));
  r.put('/scenarios/:id', (req, res) => {
    const id = param(req, 'id');
    find(id);
    res.json(repo.update(id, parseScenario(req.body, id), isoAt(ctx)));
  });
  r.delete('/scenarios/:id', (req, res) => {
    const id = param(req, 'id');
    find(id);
    repo.delete(id);
    res.status(204).end();
  });
  r.post('/scenarios/:id/run', async (req, res) => {
    res.json(await runScenario(ctx, find(param(req, 'id'))));
  });
  return r;
}

/**
 * A tester may change anything in a request but where it goes: the simulator talks to this server
 * only, so the admin API cannot be used to reach other hosts.
 */
function ownOrigin(ctx: AppContext, request: HttpRequestSpec): HttpRequestSpec {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw Errors.validation([{ field: 'request.url', message: 'Must be an absolute URL' }]);
  }
  if (url.origin !== new URL(ctx.orgUrl()).origin) throw Errors.validation([{ field: 'request.url', message: `The simulator only sends requests to this server (${ctx.orgUrl()})` }]);
  return request;
}

import { Router } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ApiError, Errors } from '../errors.js';
import { boolQuery } from './middleware.js';
import { parseBody } from './validation.js';
import { queryString } from './http.js';
import { exportWorkspace } from '../workspace/export.js';
import { serialize } from '../workspace/document.js';
import { documentFromText, modeFor } from '../workspace/config-file.js';
import { applyDocument, planDocument, formatPlan, type Plan } from '../workspace/apply.js';
import { exportOktaBundle } from '../workspace/okta.js';
import { WorkspaceError } from '../workspace/problems.js';

/*
 * Gatehouse extension for the workbench: the workspace as a portable document, and push/pull
 * against an Okta org. Under /api/v1/gatehouse/workspace; errors are Okta's error object, a
 * document's problems one `errorCauses` entry each (`path: message`).
 */

const documentBody = z.strictObject({
  /** The document's text: a workspace document (JSON or YAML) or Okta's JSON. */
  text: z.string().min(1, 'The document is empty').max(900_000),
  /** merge adds and updates (import); sync also deletes what the document's sections leave out (apply). */
  mode: z.enum(['merge', 'sync']).optional(),
});

const remoteBody = z.strictObject({
  orgUrl: z.string().url('Must be a URL such as https://dev-123456.okta.com').refine((u) => /^https?:/.test(u), 'Must be an http(s) URL'),
  token: z.string().min(8, 'An API token is at least 8 characters'),
  server: z.string().trim().min(1),
  dryRun: z.boolean().optional(),
  /** For push: the digest of the plan the user approved; a different plan now is refused. */
  planDigest: z.string().optional(),
});

function problemsError(e: unknown): never {
  if (e instanceof WorkspaceError) throw Errors.validation(e.problems.map((p) => ({ field: p.path, message: p.message })), 'document');
  throw e;
}

function planView(plan: Plan) {
  return { changes: plan.changes, notes: plan.notes, lines: formatPlan(plan), digest: digest(plan) };
}

function digest(plan: Plan): string {
  return createHash('sha256').update(JSON.stringify(plan.changes)).digest('base64url').slice(0, 22);
}

export function workspaceRouter(ctx: AppContext): Router {
  const r = Router();
  const { store } = ctx;

  // `wrap=true` answers {text, filename} in JSON: the workbench shows the text and offers it as a download.
  r.get('/export', (req, res) => {
    const format = queryString(req, 'format') ?? 'json';
    if (format !== 'json' && format !== 'yaml' && format !== 'okta') throw Errors.invalidRequest("'format' must be json, yaml or okta");
    const includeSecrets = boolQuery(req, 'includeSecrets', false);
    const wrap = boolQuery(req, 'wrap', false);
    let value: unknown;
    let filename = 'gatehouse.yaml';
    if (format === 'okta') {
      const server = queryString(req, 'server');
      try {
        value = exportOktaBundle(store, { server, includeSecrets, orgUrl: ctx.orgUrl() });
      } catch (e) {
        if (e instanceof WorkspaceError) throw Errors.notFound(server ?? '', 'AuthorizationServer');
        throw e;
      }
      filename = `okta-${(server ?? 'authorization-servers').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`;
    } else {
      value = exportWorkspace(store, { includeSecrets });
      if (format === 'json') filename = 'gatehouse.json';
    }
    if (format === 'yaml') {
      const text = serialize(value, 'yaml');
      if (wrap) return void res.json({ text, filename, containsSecrets: includeSecrets });
      return void res.type('application/yaml').send(text);
    }
    if (wrap) return void res.json({ text: `${JSON.stringify(value, null, 2)}\n`, filename, containsSecrets: includeSecrets });
    res.json(value);
  });

  // What an import would change (the preview, and the diff view between the workspace and a file).
  r.post('/plan', async (req, res) => {
    const body = parseBody(documentBody, req.body);
    let loaded;
    try {
      loaded = documentFromText(body.text);
      const plan = await planDocument(store, loaded.doc, modeFor(loaded, body.mode ?? 'merge'));
      res.json({ source: loaded.source, ...planView(plan) });
    } catch (e) {
      problemsError(e);
    }
  });

  r.post('/import', async (req, res) => {
    const body = parseBody(documentBody, req.body);
    try {
      const loaded = documentFromText(body.text);
      const plan = await applyDocument(store, loaded.doc, { mode: modeFor(loaded, body.mode ?? 'merge') });
      res.json({ source: loaded.source, ...planView(plan) });
    } catch (e) {
      problemsError(e);
    }
  });

  r.post('/pull', async (req, res) => {
    const body = parseBody(remoteBody, req.body);
    const { pullServer, RemoteError } = await import('../workspace/remote.js');
    try {
      const plan = await pullServer(store, { orgUrl: body.orgUrl, token: body.token }, body.server, { dryRun: body.dryRun });
      res.json(planView(plan));
    } catch (e) {
      if (e instanceof RemoteError) throw new ApiError(502, 'E0000009', 'The remote org did not answer as expected.', [e.message]);
      problemsError(e);
    }
  });

  r.post('/push', async (req, res) => {
    const body = parseBody(remoteBody, req.body);
    const { preparePush, RemoteError } = await import('../workspace/remote.js');
    try {
      const prepared = await preparePush(store, { orgUrl: body.orgUrl, token: body.token }, body.server);
      const view = planView(prepared.plan);
      if (body.dryRun) return void res.json({ applied: false, ...view });
      if (body.planDigest !== undefined && body.planDigest !== view.digest) {
        throw new ApiError(409, 'E0000001', 'The plan changed since it was shown', ['The remote org or the workspace changed: review the new plan before pushing.']);
      }
      if (prepared.plan.changes.length) await prepared.apply();
      res.json({ applied: true, ...view });
    } catch (e) {
      if (e instanceof RemoteError) throw new ApiError(502, 'E0000009', 'The remote org did not answer as expected.', [e.message]);
      problemsError(e);
    }
  });
  return r;
}

import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { Errors, type FieldIssue } from '../errors.js';
import { parseBody, blank } from './validation.js';
import { compile, evaluate, completions, FUNCTIONS } from '../expression/index.js';
import { clientModel, orgInfo, subjectModel } from '../authz/decision-model.js';
import { expressionContext } from '../policy/expressions.js';
import { MAX_EXPRESSION_LENGTH } from '../authz/claims.js';

const expression = z.string({ error: blank }).max(MAX_EXPRESSION_LENGTH, `An expression has at most ${MAX_EXPRESSION_LENGTH} characters`);
const validateSchema = z.strictObject({ expression });
const evaluateSchema = z.strictObject({
  expression,
  clientId: z.string().min(1),
  userId: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).max(200).optional(),
  trace: z.boolean().optional(),
});
const completeSchema = z.strictObject({ expression: z.string().max(MAX_EXPRESSION_LENGTH), offset: z.number().int().min(0) });

/** Profile attribute names present in the directory, for completion (standard ones first). */
function profileAttributes(ctx: AppContext): string[] {
  const rows = ctx.store.db.prepare('SELECT DISTINCT j.key AS key FROM users, json_each(users.profile) AS j ORDER BY j.key').all() as { key: string }[];
  return rows.map((r) => r.key);
}

/**
 * Gatehouse extensions for the claim expression editor, under `/api/v1/gatehouse/expressions`:
 * `validate` (issues with positions), `evaluate` (against a chosen user and client, as a claim
 * would be), `complete` (what can be typed at an offset) and `functions` (the library with docs).
 */
export function expressionsRouter(ctx: AppContext): Router {
  const r = Router();
  r.post('/validate', (req, res) => {
    const body = parseBody(validateSchema, req.body);
    const c = compile(body.expression);
    res.json({ valid: c.ok, issues: c.ok ? [] : c.issues });
  });

  r.post('/evaluate', (req, res) => {
    const { store } = ctx;
    const body = parseBody(evaluateSchema, req.body);
    const issues: FieldIssue[] = [];
    const app = store.apps.getByClientId(body.clientId) ?? store.apps.get(body.clientId);
    if (!app) issues.push({ field: 'clientId', message: `There is no client with the id '${body.clientId}'` });
    const user = body.userId === undefined ? null : store.users.find(body.userId);
    if (body.userId !== undefined && !user) issues.push({ field: 'userId', message: `There is no user '${body.userId}'` });
    if (issues.length) throw Errors.validation(issues);
    const c = compile(body.expression);
    if (!c.ok) return void res.json({ ok: false, issues: c.issues });
    const exprCtx = expressionContext({
      subject: user ? subjectModel(store, user, app!) : null,
      client: clientModel(app!),
      org: orgInfo(store, ctx.orgUrl()),
      scopes: body.scopes ?? [],
      now: ctx.now(),
    });
    const result = evaluate(c.program, exprCtx, { trace: body.trace ?? false });
    res.json(result.ok ? { ok: true, value: result.value, ...('trace' in result ? { trace: result.trace } : {}) } : { ok: false, issues: [result.error] });
  });

  r.post('/complete', (req, res) => {
    const body = parseBody(completeSchema, req.body);
    if (body.offset > body.expression.length) throw Errors.validation([{ field: 'offset', message: 'The offset is past the end of the expression' }]);
    res.json({ items: completions(body.expression, body.offset, { profileAttributes: profileAttributes(ctx) }) });
  });

  r.get('/functions', (_req, res) => {
    res.json(FUNCTIONS);
  });
  return r;
}

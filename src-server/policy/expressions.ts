import { compile, evaluate, formatIssue, type ExpressionContext } from '../expression/index.js';
import type { ClaimContext, EvaluateExpression } from './claims.js';

/*
 * Connects the claim builder to the Okta Expression Language: the claim context becomes the EL's
 * context (reference §6, "EL context for claims"), and compiled programs come from the EL's cache,
 * so each claim expression is parsed once per process.
 */

export function expressionContext(c: ClaimContext): ExpressionContext {
  const s = c.subject;
  return {
    user: s ? { id: s.id, status: s.status, profile: s.profile, lastUpdated: s.lastUpdated } : null,
    appuser: s ? { ...(s.appUserProfile ?? {}), userName: s.appUserName ?? s.login } : null,
    app: { id: c.client.appId, clientId: c.client.clientId, profile: c.client.profile },
    org: { name: c.org.name, subDomain: c.org.subdomain },
    access: { scope: c.scopes },
    groups: s ? s.groups : [],
    session: s ? { amr: ['pwd'] } : null,
    now: c.now,
  };
}

export const claimEvaluator: EvaluateExpression = (source, ctx) => {
  const compiled = compile(source);
  if (!compiled.ok) return { ok: false, message: compiled.issues.map((i) => formatIssue(source, i)).join('\n') };
  const result = evaluate(compiled.program, expressionContext(ctx));
  if (!result.ok) return { ok: false, message: formatIssue(source, result.error) };
  return { ok: true, value: result.value };
};

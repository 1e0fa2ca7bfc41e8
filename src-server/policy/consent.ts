import type { ClientModel, ServerModel } from './types.js';

/**
 * Which granted scopes need the consent screen (reference §5.6):
 * - `prompt=consent`: REQUIRED and FLEXIBLE scopes, whatever the app's consent method;
 * - otherwise, only for apps whose `consent_method` is REQUIRED: REQUIRED and FLEXIBLE scopes the
 *   user has not already consented to.
 * IMPLICIT scopes never need it.
 */
export function consentScopes(server: ServerModel, client: ClientModel, scopes: string[], prompt: string[], consented: string[]): string[] {
  const asks = (name: string) => {
    const c = server.scopes.get(name)?.consent ?? 'IMPLICIT';
    return c === 'REQUIRED' || c === 'FLEXIBLE';
  };
  if (prompt.includes('consent')) return scopes.filter(asks);
  if (client.consentMethod !== 'REQUIRED') return [];
  const already = new Set(consented);
  return scopes.filter((s) => asks(s) && !already.has(s));
}

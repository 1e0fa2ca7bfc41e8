import type { FormRequest } from '../form-request.js';
import type { AppContext } from '../../context.js';
import type { AuthenticatedClient } from '../client-auth.js';
import type { ProtocolServer } from '../servers.js';
import type { TokenResponse } from '../mint.js';

/** One grant of the token endpoint: its `grant_type`, the parameters it takes, its handler. */
export interface Grant {
  grantType: string;
  parameters: readonly string[];
  handle(ctx: AppContext, req: FormRequest, client: AuthenticatedClient, server: ProtocolServer, params: Record<string, string>): Promise<TokenResponse>;
}

/** Space-separated `scope`, or undefined when absent (default scopes then apply). */
export function scopeParam(params: Record<string, string>): string[] | undefined {
  if (params.scope === undefined) return undefined;
  return params.scope.split(' ').filter(Boolean);
}

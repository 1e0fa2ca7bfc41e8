import type { DecisionTrace } from '../../../api/types';

/* The wire shapes of the token preview (src-server/admin/preview.routes.ts). */

export interface PreviewRequest {
  clientId: string;
  grantType: string;
  originalGrantType?: string;
  userId?: string;
  scopes?: string[];
  responseType?: string;
  prompt?: string[];
  nonce?: string;
}

/** Where one claim of a token came from (src-server/policy/claims.ts `ClaimSource`). */
export interface ClaimSource {
  claim: string;
  /** `system`: set by the authorization server; `definition`: one of the server's claims; `standard`: an OIDC profile claim. */
  source: 'system' | 'definition' | 'standard';
  definitionId?: string;
  valueType?: 'EXPRESSION' | 'GROUPS' | 'SYSTEM';
  expression?: string;
  /** Why a definition produced nothing, when it did not. */
  omitted?: string;
  error?: string;
}

export interface TokenView {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
  claims: ClaimSource[];
}

export interface PreviewLifetimes {
  accessTokenMinutes: number;
  /** 0 = unlimited. */
  refreshTokenMinutes: number;
  refreshWindowMinutes: number;
  idTokenMinutes: number;
}

export interface PreviewResult {
  result: 'granted' | 'denied';
  error?: { error: string; error_description: string; status: number; reason?: string };
  decision: {
    policy: { id: string; name: string } | null;
    rule: { id: string; name: string } | null;
    scopes: string[];
    lifetimes: PreviewLifetimes;
    refreshToken: boolean;
    consentScopes: string[];
  } | null;
  trace: DecisionTrace;
  tokens: {
    access_token?: TokenView;
    id_token?: TokenView;
    refresh_token?: { lifetimeMinutes: number; windowMinutes: number; expiresAt: number | null };
  };
  /** The claim sources of a token that failed to build, to show which claim broke. */
  claims?: ClaimSource[];
}

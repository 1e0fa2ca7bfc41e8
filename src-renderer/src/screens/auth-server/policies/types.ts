import type { DecisionTrace } from '../../../api/types';

/** The preview's answer (src-server/admin/preview.routes.ts `previewToWire`), as the diagram reads it. */
export interface PreviewAnswer {
  result: 'granted' | 'denied';
  error?: { error: string; error_description: string; status: number; reason?: string };
  decision: {
    policy: { id: string; name: string } | null;
    rule: { id: string; name: string } | null;
    scopes: string[];
    lifetimes: { accessTokenMinutes: number; refreshTokenMinutes: number; refreshWindowMinutes: number; idTokenMinutes: number };
    refreshToken: boolean;
    consentScopes: string[];
  } | null;
  trace: DecisionTrace;
}

/** What the user asks the diagram to trace. */
export interface TraceRequest {
  clientId: string;
  grantType: string;
  userId?: string;
  scopes: string[];
}

/** The sentinels the admin API uses in conditions. */
export const ALL_CLIENTS = 'ALL_CLIENTS';
export const EVERYONE = 'EVERYONE';
export const ANY_SCOPE = '*';

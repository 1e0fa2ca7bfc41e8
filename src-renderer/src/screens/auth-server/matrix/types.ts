/* The wire shape of the access matrix (src-server/policy/matrix.ts `Matrix`). */

export interface MatrixRequest {
  grantTypes?: string[];
  clientIds?: string[];
  groupIds?: string[];
  userIds?: string[];
  scopes?: string[];
}

export interface MatrixRuleRef {
  policyId: string;
  policyName: string;
  ruleId: string;
  ruleName: string;
}

/** In `cells`: a rule index (granted through that rule), or one of these codes. */
export const NO_RULE = -1;
export const REFUSED_FOR_GRANT = -2;

export interface MatrixRow {
  clientId: string;
  grantType: string;
  /** Index into `subjects`; -1 for rows without a user (client credentials). */
  subject: number;
  /** Set when the whole row is turned away before any policy. */
  denied?: string;
  /** Per scope (same order as `scopes`): a rule index, NO_RULE, or REFUSED_FOR_GRANT. */
  cells: number[];
}

export interface MatrixResult {
  scopes: string[];
  subjects: { type: 'group' | 'user'; id: string; name: string }[];
  clients: { clientId: string; label: string }[];
  grantTypes: string[];
  rules: MatrixRuleRef[];
  rows: MatrixRow[];
  refusals: Record<string, Record<string, string>>;
}

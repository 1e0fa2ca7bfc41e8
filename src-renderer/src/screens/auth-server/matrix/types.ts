export interface MatrixRequest {
  grantTypes?: string[];
  clientIds?: string[];
  groupIds?: string[];
  userIds?: string[];
  scopes?: string[];
}

/* The wire shape of the access matrix is the server's own (type-only import: erased from the bundle). */
export type { MatrixRuleRef, MatrixRow, Matrix as MatrixResult } from '../../../../../src-server/policy/matrix';

/** In `cells`: a rule index (granted through that rule), or one of these codes (src-server/policy/matrix.ts). */
export const NO_RULE = -1;
export const REFUSED_FOR_GRANT = -2;

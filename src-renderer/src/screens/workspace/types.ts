/* Wire types of the workspace API (/api/v1/gatehouse/workspace/...). */

export interface PlanChange {
  action: 'create' | 'update' | 'delete';
  kind: 'group' | 'user' | 'app' | 'trustedOrigin' | 'authorizationServer' | 'scope' | 'claim' | 'policy' | 'rule' | 'scenario';
  name: string;
  fields?: string[];
}

export interface PlanView {
  changes: PlanChange[];
  notes: string[];
  lines: string[];
  digest: string;
  source?: 'workspace' | 'okta';
  applied?: boolean;
}

export interface ExportText {
  text: string;
  filename: string;
  containsSecrets: boolean;
}

import { z } from 'zod';

/*
 * What a simulation is, as data: the setup a tester picks, the edits ("tampers") made to requests
 * before they were sent, and, for a saved scenario, what is expected of each step. The same shapes
 * travel through the admin API, the workspace export and `gatehouse test`.
 *
 * A setup names things the way a person (and a portable file) does: the authorization server by
 * id ('org' for the org authorization server), the client by its OAuth client_id, the user by login.
 */

export const FLOWS = ['authorization_code', 'implicit', 'hybrid', 'password', 'client_credentials', 'device_code'] as const;
export type FlowId = (typeof FLOWS)[number];

/** What can follow a flow, on the tokens it produced. */
export const FOLLOW_UPS = [
  'replay_code', 'refresh', 'userinfo', 'introspect_access', 'introspect_refresh', 'introspect_id',
  'revoke_access', 'revoke_refresh', 'logout', 'expire_access',
] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];

export const SIGN_IN_MODES = ['sessionToken', 'signInPage', 'person'] as const;
export type SignInMode = (typeof SIGN_IN_MODES)[number];

const name = z.string().trim().min(1).max(255);

export const setupSchema = z.strictObject({
  authServerId: z.string().min(1).max(64),
  clientId: z.string().min(1).max(255),
  flow: z.enum(FLOWS),
  user: z.strictObject({ username: z.string().min(1).max(255), password: z.string().max(1024) }).optional(),
  signIn: z.enum(SIGN_IN_MODES).default('sessionToken'),
  scopes: z.array(z.string().min(1).max(1024)).max(100).default([]),
  options: z
    .strictObject({
      pkce: z.enum(['S256', 'plain', 'none']).default('S256'),
      responseType: z.string().max(100).optional(),
      responseMode: z.enum(['query', 'fragment', 'form_post', 'okta_post_message']).optional(),
      prompt: z.string().max(100).optional(),
      nonce: z.boolean().default(true),
      redirectUri: z.string().max(2048).optional(),
      loginHint: z.string().max(255).optional(),
      maxAge: z.number().int().min(0).optional(),
      /** What the user answers when the server asks for consent (adds the consent steps). */
      consent: z.enum(['allow', 'deny']).optional(),
    })
    .default({ pkce: 'S256', nonce: true }),
  then: z.array(z.enum(FOLLOW_UPS)).max(20).default([]),
});
export type SimulationSetup = z.output<typeof setupSchema>;
export type SimulationSetupInput = z.input<typeof setupSchema>;

/**
 * An edit to one step's request, applied after the step prepared it: parameters (query for a GET,
 * form body for a POST) set or removed, headers set (null removes one).
 */
export const tamperSchema = z.strictObject({
  step: z.string().min(1).max(64),
  set: z.record(z.string().max(255), z.string().max(16_384)).optional(),
  remove: z.array(z.string().max(255)).max(50).optional(),
  headers: z.record(z.string().max(255), z.string().max(16_384).nullable()).optional(),
});
export type Tamper = z.output<typeof tamperSchema>;

const claimExpectation = z.strictObject({
  token: z.enum(['access_token', 'id_token', 'userinfo', 'introspection']),
  claim: z.string().min(1).max(255),
  equals: z.unknown(),
});

/** What a scenario expects of one step. Every field given is checked; absent fields are not. */
export const expectationSchema = z.strictObject({
  step: z.string().min(1).max(64),
  outcome: z.enum(['success', 'error']).optional(),
  error: z.string().max(255).optional(),
  status: z.number().int().min(100).max(599).optional(),
  scopes: z.array(z.string()).max(100).optional(),
  claims: z.array(claimExpectation).max(50).optional(),
  active: z.boolean().optional(),
});
export type Expectation = z.output<typeof expectationSchema>;

export const scenarioSchema = z.strictObject({
  name,
  description: z.string().max(2000).optional(),
  setup: setupSchema,
  tampers: z.array(tamperSchema).max(50).default([]),
  expectations: z.array(expectationSchema).max(100).default([]),
});
export type ScenarioDefinition = z.output<typeof scenarioSchema>;
export type ScenarioDefinitionInput = z.input<typeof scenarioSchema>;

export interface Scenario extends ScenarioDefinition {
  id: string;
  created: string;
  lastUpdated: string;
}

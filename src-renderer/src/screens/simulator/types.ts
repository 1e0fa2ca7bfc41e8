/*
 * The simulator's wire types. The server defines them (src-server/simulator/types.ts and
 * definition.ts); type-only imports are erased from the bundle, so the renderer reads the very same
 * declarations instead of a copy that could drift.
 */
export type { HttpRequestSpec, RecordedExchange, StepInfo, StepResult, SimState, StepRun, DecodedJwt, Party, ScenarioResult } from '../../../../src-server/simulator/types';
export type { SimulationSetupInput, Tamper, Expectation, FlowId, FollowUp, SignInMode, ScenarioDefinitionInput, Scenario } from '../../../../src-server/simulator/definition';
export type { ExpectationResult, Mismatch } from '../../../../src-server/simulator/expectations';


/** The flows and follow-ups, in the order the server defines them (definition.ts FLOWS, FOLLOW_UPS). */
export const FLOW_IDS = ['authorization_code', 'implicit', 'hybrid', 'password', 'client_credentials', 'device_code'] as const;
export const FOLLOW_UP_IDS = ['replay_code', 'refresh', 'userinfo', 'introspect_access', 'introspect_refresh', 'introspect_id', 'revoke_access', 'revoke_refresh', 'logout', 'expire_access'] as const;

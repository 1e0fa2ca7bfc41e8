import type { ExpectationResult } from './expectations.js';

/** The runtime side of a simulation: requests, recorded exchanges, step results, flow state. */

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** For a POST: the body as sent (form-encoded or JSON text). */
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP exchange as it happened, secrets masked, with the server's System Log events for it. */
export interface RecordedExchange {
  request: HttpRequestSpec;
  response: RecordedResponse;
  startedAt: string;
  durationMs: number;
  requestId?: string;
  /** The System Log events the server wrote for this request (decision traces in debugContext). */
  events: unknown[];
}

/** Who talks to whom, for the sequence diagram. */
export type Party = 'user' | 'browser' | 'client' | 'server';

export interface StepInfo {
  id: string;
  title: string;
  from: Party;
  to: Party;
  /** What the step does, in words. */
  explain: string;
  /** Sent by the person in their own browser (sign-in mode 'person'), not by the simulator. */
  interactive?: boolean;
  /** Done by the workbench itself, with no HTTP exchange (a tester's tool, such as expiring a token). */
  local?: boolean;
}

export interface DecodedJwt {
  raw: string;
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
}

/** What a step came to, read from its response. */
export interface StepResult {
  ok: boolean;
  status: number;
  error?: string;
  errorDescription?: string;
  /** The outcome in plain words. */
  summary: string;
  scopes?: string[];
  active?: boolean;
  tokens?: { access_token?: DecodedJwt; id_token?: DecodedJwt; refresh_token?: string };
  /** Userinfo or introspection claims. */
  claims?: Record<string, unknown>;
}

/**
 * What a flow has gathered so far. It travels with the simulation (the workbench holds it between
 * steps), so it holds tokens: it is shown to the admin who runs the simulation and never logged.
 */
export interface SimState {
  state: string;
  nonce?: string;
  codeVerifier?: string;
  codeChallenge?: string;
  sessionToken?: string;
  cookies: Record<string, string>;
  /** Where the last redirect pointed (the sign-in page, back to /authorize, the app). */
  location?: string;
  csrf?: string;
  fromURI?: string;
  code?: string;
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  /** The refresh token before the last rotation. */
  previousRefreshToken?: string;
  deviceCode?: string;
  userCode?: string;
  /** The consent page's form, when the server asked. */
  consent?: { csrf: string; fromURI: string; scopes: string[] };
  /** Where the consent form sent the browser (back to /authorize). */
  consentLocation?: string;
}

export interface StepRun {
  step: StepInfo;
  exchange?: RecordedExchange;
  result: StepResult;
  /** The tamper applied to this step's request, if any. */
  tampered?: boolean;
}

/** One scenario's run: every step, and each expectation with what did not match. */
export interface ScenarioResult {
  id?: string;
  name: string;
  passed: boolean;
  durationMs: number;
  runs: StepRun[];
  expectations: ExpectationResult[];
  /** Set when the scenario could not run at all (its app or server is gone). */
  problem?: string;
}

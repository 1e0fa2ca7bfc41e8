import { create } from 'zustand';
import { navigate } from '../router';

/** Where a handed-over token came from: the inspector picks that server and client. */
export interface InspectOrigin {
  /** An authorization server id, or `'org'` for the org authorization server. */
  authServerId?: string;
  /** The client id that received the token (introspection and revocation use it). */
  clientId?: string;
  /** Said above the token, e.g. "Access token from step 3 of the simulation". */
  label?: string;
}

export type KeySource = 'workspace' | 'pasted' | 'issuer';

interface InspectorState {
  input: string;
  origin?: InspectOrigin;
  /** `'auto'` (the server whose issuer is the token's iss), `'org'`, or a server id. */
  server: string;
  keySource: KeySource;
  pastedJwks: string;
  issuerUrl: string;
  /** The client id to introspect and revoke as; undefined = chosen from the token. */
  clientId?: string;
  setInput(input: string): void;
  set(patch: Partial<Pick<InspectorState, 'server' | 'keySource' | 'pastedJwks' | 'issuerUrl' | 'clientId'>>): void;
}

/** The token inspector's state; it lives here so a token survives moving between screens. */
export const useInspector = create<InspectorState>((set) => ({
  input: '',
  server: 'auto',
  keySource: 'workspace',
  pastedJwks: '',
  issuerUrl: '',
  setInput(input) {
    // A new paste is a new token: what the previous one came from no longer applies.
    set({ input, origin: undefined, server: 'auto', clientId: undefined });
  },
  set(patch) {
    set(patch);
  },
}));

/** Opens the token inspector on `token`, with the server and client it came from chosen. */
export function inspectToken(token: string, origin?: InspectOrigin): void {
  useInspector.setState({
    input: token,
    origin,
    server: origin?.authServerId ?? 'auto',
    clientId: origin?.clientId,
    keySource: 'workspace',
  });
  navigate('inspector');
}

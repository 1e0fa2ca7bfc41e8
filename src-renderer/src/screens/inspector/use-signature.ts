import { useEffect, useState } from 'react';
import { useSession } from '../../store/session';
import type { KeySource } from '../../store/inspector';
import type { ServerRef } from './explain';
import { discoverJwks, localUrl, type Discovered } from './remote';
import { parseJwks, verifySignature, type Jwks, type VerifyOutcome } from './verify';

export interface SignatureState {
  busy: boolean;
  /** Where the keys came from, in words (for the result line). */
  source?: string;
  outcome?: VerifyOutcome;
  /** The keys could not be had: why. */
  keysError?: string;
  notes: string[];
}

/** Keys of this workspace's servers, fetched once per issuer while the screen is open. */
const workspaceKeys = new Map<string, Promise<Awaited<ReturnType<typeof discoverJwks>>>>();

/**
 * Verifies `token` against the chosen keys whenever the token or the keys change: the chosen
 * server's JWKS (through its discovery document), a pasted JWKS, or keys fetched from an issuer URL.
 */
export function useSignature(token: string | undefined, header: Record<string, unknown> | undefined, keySource: KeySource, server: ServerRef | undefined, pastedJwks: string, fetched: Discovered | undefined): SignatureState {
  const orgUrl = useSession((s) => s.info?.orgUrl);
  const [state, setState] = useState<SignatureState>({ busy: false, notes: [] });

  useEffect(() => {
    if (!token || !header) return setState({ busy: false, notes: [] });
    let live = true;
    const done = (s: Omit<SignatureState, 'busy'>): void => {
      if (live) setState({ busy: false, ...s });
    };
    const verify = async (jwks: Jwks, source: string, notes: string[]) => {
      const outcome = await verifySignature(token, header, jwks, source);
      done({ source, outcome, notes });
    };
    setState((s) => ({ ...s, busy: true }));
    if (keySource === 'pasted') {
      const parsed = parseJwks(pastedJwks);
      if ('error' in parsed) done({ keysError: parsed.error, notes: [] });
      else void verify(parsed.jwks, 'the pasted JWKS', parsed.notes);
    } else if (keySource === 'issuer') {
      if (!fetched) done({ keysError: 'Type an issuer URL and fetch its keys.', notes: [] });
      else void verify(fetched.jwks, `the keys of ${fetched.issuer}, from ${fetched.jwksUri}`, fetched.notes);
    } else if (!server) {
      done({ keysError: 'Choose an authorization server of this workspace to verify with its keys.', notes: [] });
    } else {
      const here = window.location.origin;
      const load = (fresh: boolean) => {
        if (fresh) workspaceKeys.delete(server.issuer);
        let pending = workspaceKeys.get(server.issuer);
        if (!pending) {
          pending = discoverJwks(server.issuer, undefined, (u) => localUrl(u, orgUrl, here));
          workspaceKeys.set(server.issuer, pending);
        }
        return pending;
      };
      const attempt = async (fresh: boolean): Promise<void> => {
        const r = await load(fresh);
        // A failed fetch is not remembered: the next try asks again.
        if (!r.ok) {
          workspaceKeys.delete(server.issuer);
          return done({ keysError: r.error, notes: [] });
        }
        const source = `${server.name}'s keys, from ${r.value.jwksUri}`;
        const outcome = await verifySignature(token, header, r.value.jwks, source);
        // Keys remembered from before a rotation lack the new kid: ask the server once more.
        if (!fresh && !outcome.ok && outcome.reason === 'no-kid-match') return attempt(true);
        done({ source, outcome, notes: [] });
      };
      void attempt(false);
    }
    return () => {
      live = false;
    };
  }, [token, header, keySource, server, pastedJwks, fetched, orgUrl]);

  return state;
}


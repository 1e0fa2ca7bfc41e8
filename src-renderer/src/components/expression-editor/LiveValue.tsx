/*
 * The live value of a claim expression: pick a user, a client and the granted scopes, and see what
 * the expression gives (debounced POST .../evaluate, the same evaluator the token endpoint uses),
 * whether the claim would be in the token, and any evaluation error in words.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { api, ApiError, describeError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { OktaApp, Scope, User } from '../../api/types';
import { evaluateExpression, type ExprIssue, type ExprValue, type TraceEntry } from './expression-api';
import { describeValue, formatValue, issueText } from './el-text';
import type { Validity } from './ExpressionEditor';

export interface LiveResult {
  trace?: TraceEntry[];
  /** "grace@example.com with Orders Portal" */
  who?: string;
  issue?: ExprIssue;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'waiting' }
  | { kind: 'value'; value: ExprValue }
  | { kind: 'failed'; issue: ExprIssue }
  | { kind: 'error'; error: unknown };

export function LiveValue(props: {
  serverId: string;
  expression: string;
  validity: Validity;
  claimName: string;
  claimType: 'RESOURCE' | 'IDENTITY';
  /** The claim's "only with scopes" condition (empty: always). */
  conditionScopes: string[];
  onResult?(r: LiveResult): void;
}) {
  const id = useId();
  const apps = useApi<OktaApp[]>('/apps?limit=200');
  const scopes = useApi<Scope[]>(`/authorizationServers/${props.serverId}/scopes`);
  const [clientId, setClientId] = useState('');
  const [user, setUser] = useState('');
  const [userTouched, setUserTouched] = useState(false);
  const [granted, setGranted] = useState<string[]>(() => props.conditionScopes.slice(0, 1));
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [evaluatedAt, setEvaluatedAt] = useState<{ user: string; client: string; scopes: string[] } | undefined>();
  const userSuggestions = useUserSuggestions(user);
  const onResult = useRef(props.onResult);
  onResult.current = props.onResult;

  // Defaults: the first client, and the first user of the directory.
  useEffect(() => {
    if (!clientId && apps.data?.length) setClientId(apps.data.find((a) => a.settings.oauthClient.grant_types.includes('authorization_code'))?.credentials.oauthClient.client_id ?? apps.data[0]!.credentials.oauthClient.client_id);
  }, [apps.data, clientId]);
  useEffect(() => {
    if (!userTouched && !user && userSuggestions.initial) setUser(userSuggestions.initial);
  }, [userSuggestions.initial, user, userTouched]);

  const app = apps.data?.find((a) => a.credentials.oauthClient.client_id === clientId);
  const who = `${user.trim() || 'no user'} with ${app?.label ?? clientId}`;
  const grantedKey = granted.join(' ');

  useEffect(() => {
    const abort = new AbortController();
    if (props.validity.state !== 'valid' || !clientId) {
      setOutcome({ kind: 'idle' });
      onResult.current?.({});
      return () => abort.abort();
    }
    setOutcome((o) => (o.kind === 'idle' ? { kind: 'waiting' } : o));
    const timer = window.setTimeout(() => {
      const u = user.trim();
      const scopeList = grantedKey ? grantedKey.split(' ') : [];
      evaluateExpression({ expression: props.expression, clientId, ...(u ? { userId: u } : {}), scopes: scopeList, trace: true }, abort.signal).then(
        (r) => {
          if (abort.signal.aborted) return;
          setEvaluatedAt({ user: u, client: app?.label ?? clientId, scopes: scopeList });
          if (r.ok) {
            setOutcome({ kind: 'value', value: r.value });
            onResult.current?.({ trace: r.trace, who });
          } else {
            const issue = r.issues[0]!;
            setOutcome({ kind: 'failed', issue });
            onResult.current?.({ trace: r.trace, who, issue: issue.stage === 'evaluate' ? issue : undefined });
          }
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          setOutcome({ kind: 'error', error });
          onResult.current?.({});
        },
      );
    }, 300);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
    // `who` and `app` follow from the inputs listed.
  }, [props.expression, props.validity.state, clientId, user, grantedKey]);

  const apiError = outcome.kind === 'error' && outcome.error instanceof ApiError ? outcome.error : undefined;
  const userError = apiError?.causeFor('userId');
  const clientError = apiError?.causeFor('clientId');
  const toggle = (name: string) => setGranted((g) => (g.includes(name) ? g.filter((x) => x !== name) : [...g, name]));
  const scopeNames = useMemo(() => {
    const names = (scopes.data ?? []).map((s) => s.name);
    for (const s of props.conditionScopes) if (!names.includes(s)) names.push(s);
    return names;
  }, [scopes.data, props.conditionScopes]);

  const conditionMet = props.conditionScopes.length === 0 || props.conditionScopes.some((s) => (evaluatedAt?.scopes ?? granted).includes(s));
  const tokenName = props.claimType === 'RESOURCE' ? 'access token' : 'ID token';

  return (
    <section className="el-live" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Live value</h3>
      <p className="el-live-intro">What the expression gives for one sign-in, computed by the server as the token endpoint would.</p>
      <div className="el-live-inputs">
        <div className={`field${userError ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-user`}>User</label>
          <input
            id={`${id}-user`}
            list={`${id}-users`}
            value={user}
            placeholder="No user (client credentials)"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setUserTouched(true);
              setUser(e.target.value);
            }}
            aria-describedby={userError ? `${id}-user-error` : undefined}
          />
          <datalist id={`${id}-users`}>
            {userSuggestions.users.map((u) => (
              <option key={u.id} value={u.profile.login}>{[u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ')}</option>
            ))}
          </datalist>
          {userError && <p className="field-error" id={`${id}-user-error`}>{userError}</p>}
        </div>
        <div className={`field${clientError ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-client`}>Client</label>
          <select id={`${id}-client`} value={clientId} onChange={(e) => setClientId(e.target.value)} disabled={!apps.data?.length}>
            {!apps.data && <option value="">Loading clients…</option>}
            {apps.data?.length === 0 && <option value="">No clients yet</option>}
            {apps.data?.map((a) => (
              <option key={a.id} value={a.credentials.oauthClient.client_id}>{a.label}</option>
            ))}
          </select>
          {clientError && <p className="field-error">{clientError}</p>}
          {apps.error !== undefined && <p className="field-error">The clients could not be loaded: {describeError(apps.error)}</p>}
        </div>
      </div>
      <fieldset className="el-live-scopes">
        <legend>Granted scopes</legend>
        {scopes.loading && !scopes.data ? (
          <span className="muted">Loading scopes…</span>
        ) : scopeNames.length === 0 ? (
          <span className="muted">This server has no scopes.</span>
        ) : (
          <div className="chips">
            {scopeNames.map((s) => (
              <button key={s} type="button" className={`chip el-scope${granted.includes(s) ? ' el-scope-on' : ''}`} aria-pressed={granted.includes(s)} onClick={() => toggle(s)}>
                {s}
              </button>
            ))}
          </div>
        )}
      </fieldset>

      <div className="el-result" role="status" aria-live="polite" aria-label="Live value" data-state={outcome.kind}>
        {props.validity.state === 'invalid' ? (
          <p className="muted">{props.expression.trim() ? 'Fix the expression to see its value.' : 'Write an expression to see its value.'}</p>
        ) : props.validity.state === 'unknown' ? (
          <p className="muted">The expression could not be checked, so it is not evaluated.</p>
        ) : outcome.kind === 'idle' || outcome.kind === 'waiting' ? (
          <p className="muted">{clientId ? 'Evaluating…' : apps.data?.length === 0 ? 'Add a client (Applications) to evaluate the expression.' : 'Choose a client.'}</p>
        ) : outcome.kind === 'value' ? (
          <>
            <div className="el-result-head">
              <span className="el-kind">{describeValue(outcome.value)}</span>
              <span className="el-for">for {evaluatedAt?.user || 'no user'} · {evaluatedAt?.client}</span>
            </div>
            <pre className="el-value" data-testid="live-value">{formatValue(outcome.value)}</pre>
            {outcome.value === null ? (
              <p className="el-note">A null value leaves the claim out of the {tokenName}.</p>
            ) : !conditionMet ? (
              <p className="el-note">Not in the {tokenName} with these scopes: the claim needs {props.conditionScopes.length > 1 ? 'one of ' : ''}{props.conditionScopes.map((s, i) => <span key={s}>{i > 0 && ', '}<code>{s}</code></span>)}.</p>
            ) : (
              <p className="el-note el-note-good">
                In the {tokenName}: <code>{JSON.stringify(props.claimName.trim() || 'claim')}: {formatValue(outcome.value, 120).replace(/\s*\n\s*/g, ' ')}</code>
              </p>
            )}
          </>
        ) : outcome.kind === 'failed' ? (
          <div className="el-failed">
            <strong>{outcome.issue.stage === 'evaluate' ? `Evaluation fails for ${evaluatedAt?.user || 'no user'}` : 'The expression is not valid'}</strong>
            <span>{issueText(outcome.issue, props.expression.includes('\n'))}</span>
            {outcome.issue.stage === 'evaluate' && <span className="el-note">Okta leaves a claim out of the token when its expression fails.</span>}
          </div>
        ) : (
          <div className="el-failed">
            <strong>Not evaluated</strong>
            <span>{apiError && (userError || clientError) ? 'Check the user and the client above.' : describeError(outcome.error)}</span>
          </div>
        )}
      </div>
    </section>
  );
}

/** Logins for the user field: a search as you type (`q`), so a 10,000-user directory stays fast. */
function useUserSuggestions(typed: string): { users: User[]; initial?: string } {
  const [users, setUsers] = useState<User[]>([]);
  const [initial, setInitial] = useState<string | undefined>();
  useEffect(() => {
    const abort = new AbortController();
    const q = typed.trim();
    const timer = window.setTimeout(() => {
      api<User[]>(`/users?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`, { signal: abort.signal }).then(
        (list) => {
          setUsers(list);
          if (!q) setInitial((i) => i ?? list[0]?.profile.login);
        },
        () => {
          // Suggestions are a convenience; the field still takes any login or id.
        },
      );
    }, q ? 200 : 0);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [typed]);
  return { users, initial };
}

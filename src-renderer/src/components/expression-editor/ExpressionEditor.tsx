/*
 * A labelled Okta Expression Language field: the Monaco editor (loaded on first use), live
 * diagnostics from the server's parser (debounced POST .../validate), listed under the editor in
 * words and as squiggles in it, each one a button that puts the cursor on the spot.
 */
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { describeError } from '../../api/client';
import { topLevelNames, validateExpression, type CompletionItem, type ExprIssue, type TraceEntry } from './expression-api';
import { issueText } from './el-text';
import type { SurfaceHandle } from './MonacoSurface';
import './expression-editor.css';

const MonacoSurface = lazy(() => import('./MonacoSurface'));

/** What the editor knows about the expression: still checking, valid, or its issues. */
export type Validity = { state: 'checking' } | { state: 'valid' } | { state: 'invalid'; issues: ExprIssue[] } | { state: 'unknown'; error: string };

export interface ExpressionEditorProps {
  /** The visible label; also the editor's accessible name. */
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  /** A problem found elsewhere (the form's own check, or the server's cause for this field). */
  error?: string;
  placeholder?: string;
  onValidity?(v: Validity): void;
  /** From the live value panel: the trace (values on hover) and an evaluation problem (a warning marker). */
  trace?: TraceEntry[];
  traceFor?: string;
  evaluationIssue?: { issue: ExprIssue; who: string };
  /** Milliseconds to wait after typing before asking the server (default 250). */
  debounceMs?: number;
}

export function ExpressionEditor(props: ExpressionEditorProps) {
  const id = useId();
  const surface = useRef<SurfaceHandle>(null);
  const [validity, setValidity] = useState<Validity>({ state: 'checking' });
  const [focused, setFocused] = useState(false);
  const onValidity = useRef(props.onValidity);
  onValidity.current = props.onValidity;

  // Live diagnostics: ask the server's parser a moment after the typing stops.
  useEffect(() => {
    const abort = new AbortController();
    const report = (v: Validity) => {
      if (abort.signal.aborted) return;
      // While checking, the last answer stays on screen (no flicker as you type).
      if (v.state !== 'checking') setValidity(v);
      onValidity.current?.(v);
    };
    report({ state: 'checking' });
    if (!props.value.trim()) {
      report({ state: 'invalid', issues: [] });
      return () => abort.abort();
    }
    const timer = window.setTimeout(() => {
      validateExpression(props.value, abort.signal).then(
        (r) => report(r.valid ? { state: 'valid' } : { state: 'invalid', issues: r.issues }),
        (e: unknown) => report({ state: 'unknown', error: describeError(e) }),
      );
    }, props.debounceMs ?? 250);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [props.value, props.debounceMs]);

  const issues = validity.state === 'invalid' ? validity.issues : [];
  const multiline = props.value.includes('\n');
  const ids = { label: `${id}-label`, hint: `${id}-hint`, diagnostics: `${id}-diagnostics` };

  return (
    <div className={`field el-field${props.error || issues.length ? ' field-invalid' : ''}`}>
      {/* Clicking the label focuses the editor, as it would an input. */}
      <label id={ids.label} onClick={() => surface.current?.focus()}>
        {props.label}
      </label>
      <div className={`el-frame${focused ? ' el-frame-focused' : ''}${issues.length ? ' el-frame-invalid' : ''}`}>
        <Suspense fallback={<div className="el-loading" role="status"><span className="spinner" aria-hidden="true" /> Loading the expression editor…</div>}>
          <MonacoSurface
            handle={surface}
            value={props.value}
            onChange={props.onChange}
            ariaLabel={props.label}
            describedBy={`${ids.diagnostics}${props.hint ? ` ${ids.hint}` : ''}`}
            placeholder={props.placeholder}
            issues={issues}
            evaluationIssue={props.evaluationIssue}
            trace={props.trace}
            traceFor={props.traceFor}
            onFocusChange={setFocused}
          />
        </Suspense>
      </div>
      <div id={ids.diagnostics} className="el-diagnostics" aria-live="polite">
        {issues.length > 0 ? (
          <ul aria-label="Problems in the expression">
            {issues.map((issue, i) => (
              <li key={`${issue.start}-${i}`}>
                <button type="button" className="el-issue" onClick={() => surface.current?.focusAt(issue.start)} title="Show this place in the expression">
                  <span className="el-issue-icon" aria-hidden="true">●</span>
                  <span>{issueText(issue, multiline)}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : validity.state === 'valid' ? (
          <p className="el-status el-status-good"><span aria-hidden="true">✓</span> The expression is valid.</p>
        ) : validity.state === 'unknown' ? (
          <p className="el-status el-status-warn">The expression could not be checked: {validity.error}</p>
        ) : validity.state === 'checking' && props.value.trim() ? (
          <p className="el-status">Checking…</p>
        ) : null}
      </div>
      {props.error ? (
        <p className="field-error" role="alert">{props.error}</p>
      ) : props.hint ? (
        <p className="field-hint" id={ids.hint}>{props.hint}</p>
      ) : null}
      <Reference empty={!props.value.trim()} onInsert={(text, suggest) => surface.current?.insert(text, suggest)} />
    </div>
  );
}

const EXAMPLES: { expression: string; what: string }[] = [
  { expression: 'user.email', what: "the user's e-mail address" },
  { expression: "String.substringBefore(user.email, '@')", what: 'the part before the @' },
  { expression: "isMemberOfGroupNameStartsWith('Orders') ? 'staff' : 'customer'", what: 'a role from group membership' },
  { expression: "user.getGroups({'group.type': {'OKTA_GROUP'}}).![name]", what: "the names of the user's Okta groups" },
  { expression: "Arrays.contains(access.scope, 'orders:admin')", what: 'whether an admin scope was granted' },
];

/**
 * The language at a glance: the objects and function namespaces (from the server, with their docs
 * as tooltips) to insert at the cursor, and, for an empty expression, examples to start from.
 */
function Reference(props: { empty: boolean; onInsert(text: string, suggest: boolean): void }) {
  const [names, setNames] = useState<CompletionItem[]>([]);
  useEffect(() => {
    let live = true;
    topLevelNames().then(
      (items) => live && setNames(items.filter((i) => i.kind === 'object' || i.kind === 'namespace')),
      () => {
        // Without the server there is nothing to list; the editor still works.
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (!names.length) return null;
  return (
    <div className="el-reference">
      <div className="el-reference-row" role="group" aria-label="Insert an object or a function namespace">
        <span className="el-reference-title">Insert</span>
        {names.map((n) => (
          <button key={n.label} type="button" className={`el-ref el-ref-${n.kind}`} title={n.kind === 'namespace' ? `${n.doc} ${n.detail}` : n.doc} onClick={() => props.onInsert(`${n.label}.`, true)}>
            {n.label}
          </button>
        ))}
      </div>
      {props.empty && (
        <div className="el-examples">
          <span className="el-reference-title">Start from an example</span>
          <ul>
            {EXAMPLES.map((e) => (
              <li key={e.expression}>
                <button type="button" className="el-example" onClick={() => props.onInsert(e.expression, false)}>
                  <code>{e.expression}</code>
                </button>
                <span className="muted"> {e.what}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

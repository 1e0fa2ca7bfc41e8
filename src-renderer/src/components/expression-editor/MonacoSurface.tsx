/*
 * The Monaco editor itself (loaded lazily by ExpressionEditor): one model in the Okta Expression
 * Language, markers from the server's parser and from the live evaluation, the theme following
 * the workbench's, a height that follows the content, Tab moving focus on (keyboard users are never
 * trapped; Ctrl+M switches that off to type a tab).
 */
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { monaco } from './monaco';
import { forgetModel, LANGUAGE_ID, modelState, THEME_DARK, THEME_LIGHT } from './okta-el-language';
import { markerSpan } from './el-text';
import type { ExprIssue, TraceEntry } from './expression-api';

export interface SurfaceHandle {
  focus(): void;
  /** Puts the cursor at a UTF-16 offset of the expression and focuses the editor. */
  focusAt(offset: number): void;
  /** Types `text` over the selection (one undoable edit), focuses the editor, and optionally opens completion. */
  insert(text: string, suggest?: boolean): void;
}

export interface SurfaceProps {
  value: string;
  onChange(value: string): void;
  ariaLabel: string;
  /** Ids of elements describing the editor (hint, diagnostics), for screen readers. */
  describedBy?: string;
  placeholder?: string;
  /** Issues of the parser and checker: error markers. */
  issues: readonly ExprIssue[];
  /** An evaluation error for the chosen user and client: a warning marker. */
  evaluationIssue?: { issue: ExprIssue; who: string };
  trace?: TraceEntry[];
  traceFor?: string;
  minLines?: number;
  maxLines?: number;
  handle?: Ref<SurfaceHandle>;
  onFocusChange?(focused: boolean): void;
}

const currentTheme = () => (document.documentElement.dataset.theme === 'dark' ? THEME_DARK : THEME_LIGHT);

export default function MonacoSurface(props: SurfaceProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;
  /**
   * Texts the editor has reported (the latest ones). `value` comes back a render or more later,
   * when more may have been typed; an echo of any of them is not an outside change.
   */
  const emitted = useRef(new Set<string>([props.value]));

  useImperativeHandle(props.handle, () => ({
    focus: () => editorRef.current?.focus(),
    focusAt(offset: number) {
      const ed = editorRef.current;
      const model = ed?.getModel();
      if (!ed || !model) return;
      const pos = model.getPositionAt(offset);
      ed.setPosition(pos);
      ed.revealPositionInCenterIfOutsideViewport(pos);
      ed.focus();
    },
    insert(text: string, suggest = false) {
      const ed = editorRef.current;
      const model = ed?.getModel();
      const sel = ed?.getSelection();
      if (!ed || !model || !sel) return;
      const at = model.getOffsetAt(sel.getStartPosition());
      ed.pushUndoStop();
      ed.executeEdits('reference', [{ range: sel, text, forceMoveMarkers: true }]);
      ed.pushUndoStop();
      ed.setPosition(model.getPositionAt(at + text.length));
      ed.focus();
      if (suggest) ed.trigger('reference', 'editor.action.triggerSuggest', {});
    },
  }));

  // Create the editor once; the props it needs later are read through `latest`.
  useEffect(() => {
    const el = host.current!;
    const model = monaco.editor.createModel(latest.current.value, LANGUAGE_ID);
    const lineHeight = 20;
    const ed = monaco.editor.create(el, {
      model,
      theme: currentTheme(),
      ariaLabel: latest.current.ariaLabel,
      placeholder: latest.current.placeholder,
      fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      lineHeight,
      lineNumbers: 'on',
      lineNumbersMinChars: 2,
      lineDecorationsWidth: 6,
      glyphMargin: false,
      folding: false,
      minimap: { enabled: false },
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      overviewRulerBorder: false,
      scrollBeyondLastLine: false,
      wordWrap: 'on',
      wrappingIndent: 'indent',
      renderLineHighlight: 'line',
      renderLineHighlightOnlyWhenFocus: true,
      padding: { top: 6, bottom: 6 },
      scrollbar: { vertical: 'auto', horizontal: 'hidden', alwaysConsumeMouseWheel: false, verticalScrollbarSize: 10 },
      automaticLayout: true,
      fixedOverflowWidgets: true,
      tabFocusMode: true,
      quickSuggestions: { other: true, comments: false, strings: false },
      suggestOnTriggerCharacters: true,
      wordBasedSuggestions: 'off',
      suggest: { showWords: false, preview: true, showStatusBar: false },
      parameterHints: { enabled: true },
      hover: { delay: 250 },
      acceptSuggestionOnEnter: 'on',
      tabCompletion: 'off',
      contextmenu: true,
      stickyScroll: { enabled: false },
      guides: { indentation: false },
      matchBrackets: 'always',
      autoClosingBrackets: 'languageDefined',
      autoClosingQuotes: 'languageDefined',
      accessibilitySupport: 'auto',
    });
    editorRef.current = ed;

    const fit = () => {
      const { minLines = 3, maxLines = 12 } = latest.current;
      const h = Math.min(Math.max(ed.getContentHeight(), minLines * lineHeight + 12), maxLines * lineHeight + 12);
      el.style.height = `${h}px`;
      ed.layout();
    };
    fit();
    const disposables = [
      ed.onDidContentSizeChange(fit),
      model.onDidChangeContent(() => {
        const v = model.getValue();
        const seen = emitted.current;
        seen.delete(v);
        seen.add(v);
        if (seen.size > 64) seen.delete(seen.values().next().value!);
        if (v !== latest.current.value) latest.current.onChange(v);
      }),
      ed.onDidFocusEditorText(() => latest.current.onFocusChange?.(true)),
      ed.onDidBlurEditorText(() => latest.current.onFocusChange?.(false)),
    ];

    // The theme follows the workbench's (<html data-theme>).
    const observer = new MutationObserver(() => monaco.editor.setTheme(currentTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

    return () => {
      observer.disconnect();
      for (const d of disposables) d.dispose();
      forgetModel(model);
      ed.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, []);

  // A value set from outside (e.g. a reset) replaces the model's text, as one undoable edit. The
  // editor's own changes come back here a render later, when more may have been typed: skip them.
  useEffect(() => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    if (!ed || !model || emitted.current.has(props.value) || model.getValue() === props.value) return;
    emitted.current = new Set([props.value]);
    ed.executeEdits('external', [{ range: model.getFullModelRange(), text: props.value }]);
  }, [props.value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ ariaLabel: props.ariaLabel, placeholder: props.placeholder });
    const textarea = host.current?.querySelector('textarea');
    if (textarea) {
      if (props.describedBy) textarea.setAttribute('aria-describedby', props.describedBy);
      else textarea.removeAttribute('aria-describedby');
    }
  }, [props.ariaLabel, props.placeholder, props.describedBy]);

  // Markers: the parser's errors, and the evaluation's problem as a warning.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const length = model.getValueLength();
    const toMarker = (issue: ExprIssue, severity: monaco.MarkerSeverity, prefix = ''): monaco.editor.IMarkerData => {
      const [s, e] = markerSpan(issue, length);
      const a = model.getPositionAt(s);
      const b = model.getPositionAt(e);
      return { severity, message: prefix + issue.message, source: 'Okta EL', code: issue.code, startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
    };
    monaco.editor.setModelMarkers(model, 'okta-el', props.issues.map((i) => toMarker(i, monaco.MarkerSeverity.Error)));
    const ev = props.evaluationIssue;
    monaco.editor.setModelMarkers(model, 'okta-el-evaluate', ev ? [toMarker(ev.issue, monaco.MarkerSeverity.Warning, `For ${ev.who}: `)] : []);
  }, [props.issues, props.evaluationIssue]);

  // The last live evaluation, for values on hover.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const state = modelState(model);
    state.trace = props.trace;
    state.traceFor = props.traceFor;
  }, [props.trace, props.traceFor]);

  return <div ref={host} className="el-surface" data-testid="expression-editor" />;
}

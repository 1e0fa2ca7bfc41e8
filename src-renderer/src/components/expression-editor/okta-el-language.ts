/*
 * The Okta Expression Language for Monaco: tokens (Monarch), brackets and quotes, light and dark
 * themes that match the workbench, and the language services backed by the server — completion
 * (POST .../complete), hover docs (GET .../functions, plus the value of the sub-expression under
 * the pointer from the last live evaluation) and signature help while typing arguments.
 *
 * Diagnostics are not a provider: the editor sets markers from POST .../validate itself.
 */
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { completeExpression, functionCatalogue, topLevelNames, type CompletionItem, type ExprValue, type FunctionInfo, type TraceEntry } from './expression-api';
import { callAt, formatValue, parseParameters, qualifierBefore } from './el-text';

export const LANGUAGE_ID = 'okta-el';
export const THEME_LIGHT = 'gatehouse-light';
export const THEME_DARK = 'gatehouse-dark';

export const OBJECTS = ['user', 'appuser', 'app', 'org', 'access', 'session', 'idpuser'];
export const NAMESPACES = ['String', 'Arrays', 'Convert', 'Iso3166Convert', 'Time', 'Groups'];
/** Keywords are case-insensitive in SpEL; Monarch matches exactly, so the usual spellings are listed. */
const spellings = (words: string[]) => words.flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]);

const monarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: 'invalid',
  tokenPostfix: '.el',
  objects: OBJECTS,
  namespaces: NAMESPACES,
  wordOperators: spellings(['and', 'or', 'not', 'matches']),
  constants: spellings(['true', 'false', 'null']),
  tokenizer: {
    root: [
      [/\s+/, 'white'],
      // Strings: a quote is escaped by doubling it; a backslash is an ordinary character.
      [/'(?:[^']|'')*'/, 'string'],
      [/"(?:[^"]|"")*"/, 'string'],
      [/'(?:[^']|'')*$/, 'string.invalid'],
      [/"(?:[^"]|"")*$/, 'string.invalid'],
      [/\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, 'number'],
      // After a dot: a method call or a property.
      [/(\??\.)(\s*)([A-Za-z_$][\w$]*)(?=\s*\()/, ['operator', 'white', 'function']],
      [/(\??\.)(\s*)([A-Za-z_$][\w$]*)/, ['operator', 'white', 'property']],
      [/[A-Za-z_$][\w$]*(?=\s*\()/, { cases: { '@namespaces': 'namespace', '@default': 'function' } }],
      [
        /[A-Za-z_$][\w$]*/,
        { cases: { '@objects': 'variable.predefined', '@namespaces': 'namespace', '@wordOperators': 'keyword', '@constants': 'constant', '@default': 'identifier' } },
      ],
      [/\.!\[/, { token: 'operator', bracket: '@open' }],
      [/[()[\]{}]/, '@brackets'],
      [/\?\.|\?:|==|!=|<=|>=|&&|\|\||[<>+\-*/%!?:]/, 'operator'],
      [/,/, 'delimiter'],
    ],
  },
};

const configuration: Monaco.languages.LanguageConfiguration = {
  brackets: [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '{', close: '}' },
    { open: "'", close: "'", notIn: ['string'] },
    { open: '"', close: '"', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: "'", close: "'" },
    { open: '"', close: '"' },
  ],
  wordPattern: /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?/,
};

/** Token colours and editor chrome matching styles.css (--panel, --border, --muted ...). */
function defineThemes(monaco: typeof Monaco): void {
  monaco.editor.defineTheme(THEME_LIGHT, {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'string', foreground: '0a7d4f' },
      { token: 'string.invalid', foreground: 'b42318' },
      { token: 'number', foreground: '0550ae' },
      { token: 'constant', foreground: '0550ae', fontStyle: 'bold' },
      { token: 'keyword', foreground: 'cf222e', fontStyle: 'bold' },
      { token: 'operator', foreground: '5b6675' },
      { token: 'variable.predefined', foreground: '953800', fontStyle: 'bold' },
      { token: 'namespace', foreground: '1b7c83', fontStyle: 'bold' },
      { token: 'function', foreground: '8250df' },
      { token: 'property', foreground: '1b2430' },
      { token: 'identifier', foreground: '1b2430' },
      { token: 'delimiter', foreground: '5b6675' },
      { token: 'invalid', foreground: 'b42318', fontStyle: 'underline' },
    ],
    colors: {
      'editor.background': '#ffffff',
      'editor.foreground': '#1b2430',
      'editorLineNumber.foreground': '#9aa3af',
      'editorLineNumber.activeForeground': '#5b6675',
      'editor.lineHighlightBackground': '#f6f7f9',
      'editor.lineHighlightBorder': '#00000000',
      'editorCursor.foreground': '#2f5bea',
      'editor.selectionBackground': '#c9d6ff',
      'editorError.foreground': '#b42318',
      'editorWarning.foreground': '#935f00',
      'editorWidget.background': '#ffffff',
      'editorWidget.border': '#dde1e7',
      'editorSuggestWidget.background': '#ffffff',
      'editorSuggestWidget.border': '#dde1e7',
      'editorSuggestWidget.selectedBackground': '#e7edff',
      'editorSuggestWidget.selectedForeground': '#1b2430',
      'editorSuggestWidget.highlightForeground': '#2f5bea',
      'editorHoverWidget.background': '#ffffff',
      'editorHoverWidget.border': '#dde1e7',
      'focusBorder': '#2f5bea',
    },
  });
  monaco.editor.defineTheme(THEME_DARK, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'string', foreground: '7ee787' },
      { token: 'string.invalid', foreground: 'ff7b72' },
      { token: 'number', foreground: '79c0ff' },
      { token: 'constant', foreground: '79c0ff', fontStyle: 'bold' },
      { token: 'keyword', foreground: 'ff7b72', fontStyle: 'bold' },
      { token: 'operator', foreground: '9aa5b4' },
      { token: 'variable.predefined', foreground: 'ffa657', fontStyle: 'bold' },
      { token: 'namespace', foreground: '56d4dd', fontStyle: 'bold' },
      { token: 'function', foreground: 'd2a8ff' },
      { token: 'property', foreground: 'e6e9ee' },
      { token: 'identifier', foreground: 'e6e9ee' },
      { token: 'delimiter', foreground: '9aa5b4' },
      { token: 'invalid', foreground: 'ff7b72', fontStyle: 'underline' },
    ],
    colors: {
      'editor.background': '#171c24',
      'editor.foreground': '#e6e9ee',
      'editorLineNumber.foreground': '#5c6676',
      'editorLineNumber.activeForeground': '#9aa5b4',
      'editor.lineHighlightBackground': '#1e2530',
      'editor.lineHighlightBorder': '#00000000',
      'editorCursor.foreground': '#8aa4ff',
      'editor.selectionBackground': '#2c3b66',
      'editorError.foreground': '#ff7b72',
      'editorWarning.foreground': '#e3b341',
      'editorWidget.background': '#1e2530',
      'editorWidget.border': '#2b3441',
      'editorSuggestWidget.background': '#1e2530',
      'editorSuggestWidget.border': '#2b3441',
      'editorSuggestWidget.selectedBackground': '#1f2a4a',
      'editorSuggestWidget.selectedForeground': '#e6e9ee',
      'editorSuggestWidget.highlightForeground': '#8aa4ff',
      'editorHoverWidget.background': '#1e2530',
      'editorHoverWidget.border': '#2b3441',
      'focusBorder': '#8aa4ff',
    },
  });
}

/** Per-model state the providers read: the last live evaluation, for showing values on hover. */
export interface ModelState {
  trace?: TraceEntry[];
  /** Who the trace was computed for, in words ("grace@example.com with Orders Portal"). */
  traceFor?: string;
}
const states = new Map<string, ModelState>();
export function modelState(model: Monaco.editor.ITextModel): ModelState {
  const key = model.uri.toString();
  let s = states.get(key);
  if (!s) states.set(key, (s = {}));
  return s;
}
export function forgetModel(model: Monaco.editor.ITextModel): void {
  states.delete(model.uri.toString());
}

function abortOn(token: Monaco.CancellationToken): AbortSignal {
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  return abort.signal;
}

function rangeOf(model: Monaco.editor.ITextModel, start: number, end: number, monaco: typeof Monaco): Monaco.IRange {
  const a = model.getPositionAt(start);
  const b = model.getPositionAt(end);
  return new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column);
}

/** `substring(` (the server's insert text for a function) as a snippet with the cursor inside the parentheses. */
function snippetFor(item: CompletionItem): { text: string; snippet: boolean } {
  if (item.kind !== 'function' || !item.insertText.endsWith('(')) return { text: item.insertText, snippet: false };
  const escaped = item.insertText.slice(0, -1).replace(/[\\$}]/g, (c) => `\\${c}`);
  return { text: `${escaped}($0)`, snippet: true };
}

/**
 * How an item reads in the completion list without opening its details: a function with its
 * parameters and return type, a property or object with what it is.
 */
function listLabel(item: CompletionItem): Monaco.languages.CompletionItemLabel {
  if (item.kind === 'function') {
    const [signature = '', returns = ''] = item.detail.split(' → ');
    const open = signature.indexOf('(');
    return { label: item.label, detail: open >= 0 ? signature.slice(open) : '', description: returns };
  }
  if (item.kind === 'namespace') return { label: item.label, description: item.detail.replace(/^[A-Za-z0-9]+\./, '') };
  return { label: item.label, description: item.detail };
}

function functionMarkdown(f: FunctionInfo): string {
  const lines = ['```okta-el', f.signature, '```', `**Returns** ${f.returns}`, '', f.doc];
  if (f.deprecated) lines.push('', '_Deprecated: Okta keeps it working but documents a replacement._');
  return lines.join('\n');
}

/** Markdown-safe inline text (no autolinked e-mail addresses, no stray emphasis). */
function plain(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>@]/g, (c) => `\\${c}`);
}

function valueMarkdown(value: ExprValue, who: string | undefined): string {
  const text = formatValue(value, 400);
  return `**Value${who ? ` for ${plain(who)}` : ''}:**\n\n\`\`\`json\n${text}\n\`\`\``;
}

let registered = false;

/** Registers the language, its themes and its providers once per page. */
export function registerOktaEl(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE_ID, aliases: ['Okta Expression Language', 'okta-el'] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarch);
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, configuration);
  defineThemes(monaco);

  const KIND: Record<CompletionItem['kind'], Monaco.languages.CompletionItemKind> = {
    object: monaco.languages.CompletionItemKind.Variable,
    property: monaco.languages.CompletionItemKind.Property,
    function: monaco.languages.CompletionItemKind.Function,
    namespace: monaco.languages.CompletionItemKind.Module,
  };

  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: ['.'],
    async provideCompletionItems(model, position, _context, token) {
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      let items: CompletionItem[];
      try {
        items = await completeExpression(text, offset, abortOn(token));
      } catch {
        return { suggestions: [] };
      }
      return {
        suggestions: items.map((item, i) => {
          const insert = snippetFor(item);
          return {
            label: listLabel(item),
            kind: KIND[item.kind] ?? monaco.languages.CompletionItemKind.Text,
            detail: item.detail,
            documentation: item.doc ? { value: item.doc } : undefined,
            filterText: item.label,
            insertText: insert.text,
            insertTextRules: insert.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
            command: insert.snippet ? { id: 'editor.action.triggerParameterHints', title: 'Show the parameters' } : undefined,
            range: rangeOf(model, item.start, item.end, monaco),
            sortText: String(i).padStart(4, '0'),
          };
        }),
      };
    },
  });

  monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    async provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      const offset = model.getOffsetAt(position);
      const text = model.getValue();
      const contents: Monaco.IMarkdownString[] = [];
      let range: Monaco.IRange | undefined;

      if (word && /^[A-Za-z_$]/.test(word.word)) {
        const start = model.getOffsetAt({ lineNumber: position.lineNumber, column: word.startColumn });
        const end = start + word.word.length;
        range = rangeOf(model, start, end, monaco);
        const qualifier = qualifierBefore(text, start);
        const called = /^\s*\(/.test(text.slice(end));
        try {
          if (qualifier === undefined) {
            const fns = called ? await functionCatalogue() : [];
            const global = fns.find((f) => f.namespace === null && f.name === word.word);
            if (global) contents.push({ value: functionMarkdown(global) });
            else {
              const top = (await topLevelNames()).find((t) => t.label === word.word);
              if (top) contents.push({ value: `**${top.label}** — ${top.kind === 'namespace' ? 'function namespace' : 'object'}\n\n${top.doc}${top.kind === 'namespace' ? `\n\n${top.detail}` : ''}` });
            }
          } else if (called) {
            const f = (await functionCatalogue()).find((x) => x.namespace === qualifier && x.name === word.word);
            if (f) contents.push({ value: functionMarkdown(f) });
          } else if (qualifier === 'user') {
            contents.push({ value: `**user.${word.word}** — user profile attribute\n\nNull when the user has never had it set.` });
          }
        } catch {
          // No docs when the server cannot be reached; the editor keeps working.
        }
      }

      // The value of the smallest evaluated sub-expression under the pointer.
      const state = modelState(model);
      if (state.trace?.length) {
        let best: TraceEntry | undefined;
        for (const t of state.trace) {
          if (t.start <= offset && offset <= t.end && t.end > t.start && (!best || t.end - t.start < best.end - best.start)) best = t;
        }
        if (best) {
          contents.push({ value: valueMarkdown(best.value, state.traceFor) });
          if (!range) range = rangeOf(model, best.start, best.end, monaco);
        }
      }
      return contents.length ? { contents, range } : null;
    },
  });

  monaco.languages.registerSignatureHelpProvider(LANGUAGE_ID, {
    signatureHelpTriggerCharacters: ['(', ','],
    signatureHelpRetriggerCharacters: [')'],
    async provideSignatureHelp(model, position) {
      const text = model.getValue();
      const call = callAt(text, model.getOffsetAt(position));
      if (!call) return null;
      let fns: FunctionInfo[];
      try {
        fns = await functionCatalogue();
      } catch {
        return null;
      }
      const f = fns.find((x) => x.namespace === (call.qualifier ?? null) && x.name === call.name);
      if (!f) return null;
      const params = parseParameters(f.signature);
      const active = params.length === 0 ? 0 : Math.min(call.argument, params.length - 1);
      return {
        value: {
          signatures: [
            {
              label: f.signature,
              documentation: { value: `${f.doc}\n\nReturns ${f.returns}.` },
              parameters: params.map((p) => ({ label: p })),
            },
          ],
          activeSignature: 0,
          activeParameter: active,
        },
        dispose() {},
      };
    },
  });
}

/*
 * Monaco, bundled locally (no CDN), reduced to what the expression editor uses: the core editor API
 * and the contributions for completion, hover, parameter hints, markers, brackets, clipboard and
 * snippets. None of Monaco's languages or language workers (TypeScript, JSON, CSS, HTML) are
 * imported, so none are bundled; the one worker is the core editor worker, built by Vite's
 * `?worker` into the app's own assets (the CSP allows workers from 'self' and blob:).
 *
 * This module is only reached through a dynamic import (ExpressionEditor.tsx), so Monaco is
 * loaded only where an editor is shown.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/suggest/browser/suggestInlineCompletions';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import 'monaco-editor/editor/contrib/placeholderText/browser/placeholderText.contribution';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode';
import 'monaco-editor/editor/common/standaloneStrings';
import 'monaco-editor/features/codicon/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { registerOktaEl } from './okta-el-language';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

registerOktaEl(monaco);

export { monaco };

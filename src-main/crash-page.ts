import { createHash } from 'node:crypto';

/*
 * What the window shows when the server process ends unexpectedly: what happened and a Restart
 * button (which calls the preload's restartServer; ipc.ts lets this exact page use that channel).
 * A data: URL made here, with its own strict CSP: no network, and only the one inline script,
 * allowed by its hash.
 */

const SCRIPT = "document.getElementById('restart').addEventListener('click',function(){this.disabled=true;this.textContent='Restarting…';window.gatehouse.restartServer().catch(function(e){document.getElementById('error').textContent=String(e&&e.message||e);});});";

export const CRASH_SCRIPT_HASH = `sha256-${createHash('sha256').update(SCRIPT).digest('base64')}`;
export const CRASH_PAGE_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src '${CRASH_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface CrashInfo {
  workspace: string;
  exitCode: number;
  logFolder: string;
}

export function crashPageHtml(info: CrashInfo): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CRASH_PAGE_CSP}">
<title>Gatehouse: the server stopped</title>
<style>
:root{color-scheme:light dark;--bg:#f7f7f9;--fg:#1d1f24;--muted:#5b6170;--accent:#2f5bd3;--panel:#fff;--border:#d9dce3}
@media (prefers-color-scheme:dark){:root{--bg:#16181d;--fg:#e6e8ee;--muted:#a0a6b4;--accent:#7aa2ff;--panel:#1f2229;--border:#343844}}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--fg);display:grid;place-items:center;min-height:100vh}
main{max-width:560px;background:var(--panel);border:1px solid var(--border);border-radius:10px;padding:28px 32px}
h1{font-size:20px;margin:0 0 8px}p{margin:8px 0;color:var(--muted)}code{color:var(--fg);word-break:break-all}
button{margin-top:16px;font:inherit;padding:8px 18px;border-radius:6px;border:0;background:var(--accent);color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid var(--fg);outline-offset:2px}#error{color:#d33}
</style></head><body><main role="alert">
<h1>The Gatehouse server stopped</h1>
<p>The server process for <code>${escapeHtml(info.workspace)}</code> ended unexpectedly (exit code ${info.exitCode}). Your workspace is a SQLite file: what was saved before the stop is still there.</p>
<p>Details are in the log folder: <code>${escapeHtml(info.logFolder)}</code> (Help &gt; Open Log Folder).</p>
<button id="restart" autofocus>Restart the server</button>
<p id="error" aria-live="polite"></p>
</main><script>${SCRIPT}</script></body></html>`;
}

export function crashPageUrl(info: CrashInfo): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(crashPageHtml(info))}`;
}

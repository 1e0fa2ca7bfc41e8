/*
 * The hosted pages of the browser flow: sign-in, consent, the error page shown when a request
 * cannot be sent back to the app, and form_post. Server-rendered, no script except form_post's
 * auto-submit (and a nonce'd inline one at that), every value HTML-escaped.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light dark; --bg:#f4f6f8; --card:#fff; --text:#1d2430; --muted:#5b6573; --line:#d8dee6; --accent:#1f5fd6; --accent-ink:#fff; --danger:#b42318; --danger-bg:#fdecea; }
@media (prefers-color-scheme: dark) { :root { --bg:#0f1419; --card:#182029; --text:#e6ebf1; --muted:#9aa6b2; --line:#2c3744; --accent:#5b8dff; --accent-ink:#0b1020; --danger:#ff8a80; --danger-bg:#3a1d1d; } }
* { box-sizing: border-box; }
body { margin:0; min-height:100vh; display:flex; align-items:center; justify-content:center; background:var(--bg); color:var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: min(400px, calc(100vw - 32px)); background:var(--card); border:1px solid var(--line); border-radius:12px; padding:32px; box-shadow: 0 8px 24px rgba(15,20,25,.08); }
.brand { display:flex; align-items:center; gap:10px; font-weight:600; letter-spacing:.2px; margin-bottom:20px; }
.brand svg { flex:none; }
h1 { font-size:20px; margin:0 0 4px; }
p.sub { margin:0 0 20px; color:var(--muted); }
label { display:block; font-weight:600; margin:14px 0 6px; }
input[type=text], input[type=email], input[type=password] { width:100%; padding:10px 12px; border:1px solid var(--line); border-radius:8px; background:transparent; color:var(--text); font:inherit; }
input:focus-visible, button:focus-visible { outline: 3px solid color-mix(in srgb, var(--accent) 45%, transparent); outline-offset: 1px; }
button { width:100%; margin-top:20px; padding:11px 14px; border:0; border-radius:8px; background:var(--accent); color:var(--accent-ink); font:inherit; font-weight:600; cursor:pointer; }
button.secondary { background:transparent; color:var(--text); border:1px solid var(--line); margin-top:10px; }
.alert { margin:0 0 16px; padding:10px 12px; border-radius:8px; background:var(--danger-bg); color:var(--danger); }
ul.scopes { list-style:none; padding:0; margin:12px 0 0; border:1px solid var(--line); border-radius:8px; }
ul.scopes li { padding:10px 12px; border-top:1px solid var(--line); }
ul.scopes li:first-child { border-top:0; }
ul.scopes .name { font-weight:600; }
ul.scopes .desc { color:var(--muted); font-size:13px; }
dl { display:grid; grid-template-columns:max-content 1fr; gap:6px 12px; margin:16px 0 0; }
dt { color:var(--muted); } dd { margin:0; word-break:break-word; }
.foot { margin-top:20px; color:var(--muted); font-size:12px; text-align:center; }
`;

const LOGO = `<svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true"><rect width="28" height="28" rx="7" fill="#1f5fd6"/><path d="M8 20V11l6-4 6 4v9h-4v-5h-4v5z" fill="#fff"/></svg>`;

export function page(title: string, body: string, opts: { nonce?: string; script?: string } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Gatehouse</title><link rel="icon" href="data:,">
<style>${STYLE}</style></head>
<body><main><div class="brand">${LOGO}<span>Gatehouse</span></div>${body}
<p class="foot">Local authorization server · not connected to any real identity provider</p></main>
${opts.script ? `<script nonce="${opts.nonce}">${opts.script}</script>` : ''}</body></html>`;
}

export interface SignInView {
  appLabel: string;
  action: string;
  csrf: string;
  fromURI: string;
  username?: string;
  error?: string;
}

export function signInPage(v: SignInView): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1><p class="sub">to continue to <strong>${escapeHtml(v.appLabel)}</strong></p>
${v.error ? `<p class="alert" role="alert">${escapeHtml(v.error)}</p>` : ''}
<form method="post" action="${escapeHtml(v.action)}" novalidate>
<input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}"><input type="hidden" name="fromURI" value="${escapeHtml(v.fromURI)}">
<label for="username">Username</label>
<input id="username" name="username" type="email" autocomplete="username" required value="${escapeHtml(v.username ?? '')}"${v.username ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${v.username ? ' autofocus' : ''}>
<button type="submit">Sign in</button></form>`,
  );
}

export interface ConsentView {
  appLabel: string;
  userLogin: string;
  action: string;
  csrf: string;
  fromURI: string;
  scopes: { name: string; displayName?: string; description?: string }[];
}

export function consentPage(v: ConsentView): string {
  const items = v.scopes
    .map((s) => {
      const title = s.displayName || s.name;
      const desc = s.description && s.description !== title ? `<div class="desc">${escapeHtml(s.description)}</div>` : '';
      return `<li><div class="name">${escapeHtml(title)}</div>${desc}<div class="desc"><code>${escapeHtml(s.name)}</code></div></li>`;
    })
    .join('');
  return page(
    'Allow access',
    `<h1>${escapeHtml(v.appLabel)} would like to</h1><p class="sub">Signed in as ${escapeHtml(v.userLogin)}</p>
<ul class="scopes">${items}</ul>
<form method="post" action="${escapeHtml(v.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}"><input type="hidden" name="fromURI" value="${escapeHtml(v.fromURI)}">
<button type="submit" name="decision" value="allow">Allow access</button>
<button type="submit" name="decision" value="deny" class="secondary">Don't allow</button></form>`,
  );
}

/** Okta's error page (reference §2.3): shown when the request cannot be sent back to the app. */
export function errorPage(error: string, description: string): string {
  return page(
    '400 Bad Request',
    `<h1>400 Bad Request</h1><p class="sub">Your request resulted in an error.</p>
<dl><dt>Identity Provider</dt><dd>Unknown</dd><dt>Error Code</dt><dd>${escapeHtml(error)}</dd><dt>Description</dt><dd>${escapeHtml(description)}</dd></dl>`,
  );
}

/** `response_mode=form_post` (OAuth 2.0 Form Post Response Mode): an auto-submitting form. */
export function formPostPage(redirectUri: string, fields: Record<string, string>, nonce: string): string {
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  return page(
    'Signing you in',
    `<h1>Signing you in…</h1><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>`,
    { nonce, script: 'document.forms[0].submit();' },
  );
}

/**
 * What can be typed at a position of an expression, for the editor: the top-level objects,
 * namespaces and global functions; after `user.` the profile attributes and user methods; after
 * `String.` (etc.) the namespace's functions with signatures; the known properties of `app.`,
 * `org.`, `access.`, `session.`; inside `.![...]` the fields of a group.
 */
import { CLAIM_BINDINGS, KNOWN_PROPERTIES } from './check.js';
import { functionsOf, NAMESPACES, type FunctionInfo } from './functions/index.js';

export type CompletionKind = 'object' | 'property' | 'function' | 'namespace';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** A signature or a short description. */
  detail: string;
  /** One line of documentation. */
  doc: string;
  /** The text to insert in place of [start, end). */
  insertText: string;
  /** The range the item replaces: the partial name being typed. */
  start: number;
  end: number;
}

export interface CompletionContext {
  /** The user profile attributes (`user.<attr>`). */
  profileAttributes: readonly string[];
  /** The app-user profile attributes (`appuser.<attr>`; `userName` is always offered). */
  appUserAttributes?: readonly string[];
  /** Attributes of the app's profile (`app.profile.<x>`). */
  appProfileAttributes?: readonly string[];
  /** Top-level objects; default CLAIM_BINDINGS. */
  bindings?: readonly string[];
}

const OBJECT_DOCS: Record<string, string> = {
  user: 'The Okta user: profile attributes as user.<attr>, and methods such as user.getGroups(...).',
  appuser: 'The app-user profile of this client (appuser.userName); null in client credentials.',
  app: 'The client app: app.id, app.clientId, app.profile.<x>.',
  org: 'The org: org.name, org.subDomain.',
  access: 'The access request: access.scope is the array of granted scopes.',
  session: 'The session: session.amr is the array of authentication methods.',
  idpuser: 'The external IdP profile (IdP username transforms only).',
};

const PROPERTY_DOCS: Record<string, string> = {
  'app.id': 'The app id (0oa…).',
  'app.clientId': "The app's OAuth client_id.",
  'app.profile': "The app's profile object; app.profile.<x> reads one property.",
  'org.name': 'The org name.',
  'org.subDomain': "The org's subdomain.",
  'access.scope': 'The granted scope names (array).',
  'session.amr': 'Authentication methods of the session (array).',
};

const GROUP_FIELDS: [string, string][] = [
  ['name', "The group's name."],
  ['id', "The group's id (00g…)."],
  ['type', 'OKTA_GROUP, APP_GROUP or BUILT_IN.'],
  ['description', "The group's description."],
  ['profile', 'The group profile (profile.name, profile.description, custom attributes).'],
  ['source', 'For APP_GROUPs: the app it comes from (source.id).'],
  ['created', 'When the group was created.'],
  ['lastUpdated', 'When the group was last changed.'],
  ['lastMembershipUpdated', 'When the membership last changed.'],
  ['objectClass', "Okta's objectClass array, e.g. okta:user_group."],
];

/** Whether `offset` is inside a string literal of `src` (quotes doubled to escape, as the lexer does). */
function insideString(src: string, offset: number): boolean {
  let quote: string | null = null;
  for (let i = 0; i < offset; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) {
        if (src[i + 1] === quote && i + 1 < offset) i++;
        else quote = null;
      }
    } else if (c === "'" || c === '"') quote = c;
  }
  return quote !== null;
}

/** Whether `offset` is directly inside an unclosed `.![` (outside strings). */
function insideProjection(src: string, offset: number): boolean {
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < offset; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[') stack.push(src.slice(Math.max(0, i - 2), i) === '.!' ? 'projection' : '[');
    else if (c === '(' || c === '{') stack.push(c);
    else if (c === ']' || c === ')' || c === '}') stack.pop();
  }
  return stack[stack.length - 1] === 'projection';
}

function fnItem(f: FunctionInfo, start: number, end: number): CompletionItem {
  return {
    label: f.name,
    kind: 'function',
    detail: `${f.signature} → ${f.returns}`,
    doc: f.doc,
    insertText: f.maxArgs === 0 ? `${f.name}()` : `${f.name}(`,
    start,
    end,
  };
}

export function completions(src: string, offset: number, ctx: CompletionContext): CompletionItem[] {
  const text = typeof src === 'string' ? src : '';
  const at = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : text.length, text.length));
  if (insideString(text, at)) return [];
  const before = text.slice(0, at);
  const word = /[A-Za-z_$][A-Za-z0-9_$]*$/.exec(before)?.[0] ?? '';
  const start = at - word.length;
  let end = at;
  while (end < text.length && /[A-Za-z0-9_$]/.test(text[end]!)) end++;
  const prefix = word.toLowerCase();
  const keep = (items: CompletionItem[]) => items.filter((i) => i.label.toLowerCase().startsWith(prefix));
  const prop = (label: string, detail: string, doc: string): CompletionItem => ({ label, kind: 'property', detail, doc, insertText: label, start, end });

  // After a dot: the chain of names before it (`app.profile.` → ['app', 'profile']).
  const chainMatch = /((?:[A-Za-z_$][A-Za-z0-9_$]*\s*\??\.\s*)+)$/.exec(before.slice(0, start));
  if (chainMatch) {
    const chain = chainMatch[1]!.split(/\??\./).map((s) => s.trim()).filter(Boolean);
    const charBefore = before.slice(0, start - chainMatch[1]!.length).trimEnd().slice(-1);
    if (charBefore === '.' || charBefore === ')' || charBefore === ']') return [];
    const head = chain.join('.');
    if ((NAMESPACES as readonly string[]).includes(head)) return keep(functionsOf(head).map((f) => fnItem(f, start, end)));
    switch (head) {
      case 'user':
        return keep([
          ...[...new Set(ctx.profileAttributes)].sort().map((a) => prop(a, 'user profile attribute', `user.${a}: the profile attribute ${a} (null when never set).`)),
          ...functionsOf('user').map((f) => fnItem(f, start, end)),
        ]);
      case 'appuser':
        return keep([...new Set(['userName', ...(ctx.appUserAttributes ?? [])])].sort().map((a) => prop(a, 'app-user profile attribute', a === 'userName' ? 'The app username.' : `appuser.${a}`)));
      case 'app.profile':
        return keep([...new Set(ctx.appProfileAttributes ?? [])].sort().map((a) => prop(a, 'app profile property', `app.profile.${a}`)));
    }
    const known = KNOWN_PROPERTIES[head];
    if (known) return keep(known.map((p) => prop(p, `${head}.${p}`, PROPERTY_DOCS[`${head}.${p}`] ?? '')));
    return [];
  }
  if (/\.\s*$/.test(before.slice(0, start))) return [];

  const bindings = ctx.bindings ?? CLAIM_BINDINGS;
  const items: CompletionItem[] = [];
  if (insideProjection(text, at)) for (const [name, doc] of GROUP_FIELDS) items.push(prop(name, 'group field (in a projection)', doc));
  for (const b of bindings) items.push({ label: b, kind: 'object', detail: 'object', doc: OBJECT_DOCS[b] ?? '', insertText: b, start, end });
  for (const ns of NAMESPACES) {
    const names = functionsOf(ns).map((f) => f.name);
    items.push({ label: ns, kind: 'namespace', detail: `${ns}.${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`, doc: `${ns} functions.`, insertText: ns, start, end });
  }
  for (const f of functionsOf(null)) if (!f.deprecated) items.push(fnItem(f, start, end));
  return keep(items);
}

/**
 * Other functions (reference §7.3 and §7.8): the user's internal properties and linked objects, and
 * the Active Directory / Workday helpers. Gatehouse has no directory integrations: unless the
 * context supplies `directories`, the `has...` functions answer false and the others null.
 */
import type { Expr } from '../ast.js';
import type { ExprUser } from '../context.js';
import { UserRef, type Val } from '../values.js';
import { type ArgReporter, type CallSite, type FunctionDef, fail, literalArg, reqStr } from './types.js';

/** What `user.getInternalProperty(name)` can read. */
export const INTERNAL_PROPERTIES = ['id', 'status', 'created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged'] as const;

function targetUser(c: CallSite): ExprUser {
  if (!(c.target instanceof UserRef)) return fail('not-callable', `${c.display} can only be called on a user`, c.node);
  return c.target.user;
}

function sourceArg(a: Val[], i: number, c: CallSite): void {
  const s = reqStr(a, i, c);
  if (s !== 'active_directory') fail('argument', `${c.display}: the only supported source is "active_directory", not "${s}"`, c.arg(i));
}

const checkSource = (indices: number[]) => (args: readonly Expr[], report: ArgReporter) => {
  for (const i of indices) {
    const lit = literalArg(args, i);
    if (lit && lit.value !== 'active_directory') report('invalid-argument', 'the only supported source is "active_directory"', args[i]!);
  }
};

const userOrNull = (u: ExprUser | null | undefined): Val => (u ? new UserRef(u) : null);

export const USER_METHODS_OTHER: FunctionDef[] = [
  {
    name: 'getInternalProperty', namespace: 'user', signature: 'user.getInternalProperty(String name)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: `An internal property of the user: ${INTERNAL_PROPERTIES.map((p) => `"${p}"`).join(', ')}.`,
    impl: (a, _rt, c) => {
      const u = targetUser(c);
      const name = reqStr(a, 0, c);
      if (!(INTERNAL_PROPERTIES as readonly string[]).includes(name)) {
        fail('argument', `${c.display}: unknown internal property "${name}"; use ${INTERNAL_PROPERTIES.map((p) => `"${p}"`).join(', ')}`, c.arg(0));
      }
      const v = u[name as (typeof INTERNAL_PROPERTIES)[number]];
      return typeof v === 'string' ? v : null;
    },
    checkArgs: (args, report) => {
      const lit = literalArg(args, 0);
      if (lit && !(INTERNAL_PROPERTIES as readonly unknown[]).includes(lit.value)) {
        report('invalid-argument', `unknown internal property; use ${INTERNAL_PROPERTIES.map((p) => `"${p}"`).join(', ')}`, args[0]!);
      }
    },
  },
  {
    name: 'getLinkedObject', namespace: 'user', signature: 'user.getLinkedObject(String primaryName)', returns: 'User', minArgs: 1, maxArgs: 1,
    doc: 'The user linked through the relationship primaryName (e.g. "manager"), or null.',
    impl: (a, _rt, c) => {
      const u = targetUser(c);
      const name = reqStr(a, 0, c);
      const links = u.linkedObjects;
      if (!links || !Object.hasOwn(links, name)) return null;
      return userOrNull(links[name]);
    },
  },
];

export const OTHER_FUNCTIONS: FunctionDef[] = [
  {
    name: 'getManagerUser', namespace: null, signature: 'getManagerUser(String source)', returns: 'User', minArgs: 1, maxArgs: 1,
    doc: 'The Okta user who is the manager in the source directory ("active_directory"), or null.',
    impl: (a, rt, c) => {
      sourceArg(a, 0, c);
      return userOrNull(rt.ctx.directories?.activeDirectory?.manager?.user);
    },
    checkArgs: checkSource([0]),
  },
  {
    name: 'getManagerAppUser', namespace: null, signature: 'getManagerAppUser(String source, String attributeSource)', returns: 'AppUser', minArgs: 2, maxArgs: 2,
    doc: "The manager's app user in the source directory (\"active_directory\"), or null.",
    impl: (a, rt, c) => {
      sourceArg(a, 0, c);
      sourceArg(a, 1, c);
      return rt.ctx.directories?.activeDirectory?.manager?.appUser ?? null;
    },
    checkArgs: checkSource([0, 1]),
  },
  {
    name: 'getAssistantUser', namespace: null, signature: 'getAssistantUser(String source)', returns: 'User', minArgs: 1, maxArgs: 1,
    doc: 'The Okta user who is the assistant in the source directory ("active_directory"), or null.',
    impl: (a, rt, c) => {
      sourceArg(a, 0, c);
      return userOrNull(rt.ctx.directories?.activeDirectory?.assistant?.user);
    },
    checkArgs: checkSource([0]),
  },
  {
    name: 'getAssistantAppUser', namespace: null, signature: 'getAssistantAppUser(String source, String attributeSource)', returns: 'AppUser', minArgs: 2, maxArgs: 2,
    doc: "The assistant's app user in the source directory (\"active_directory\"), or null.",
    impl: (a, rt, c) => {
      sourceArg(a, 0, c);
      sourceArg(a, 1, c);
      return rt.ctx.directories?.activeDirectory?.assistant?.appUser ?? null;
    },
    checkArgs: checkSource([0, 1]),
  },
  {
    name: 'hasDirectoryUser', namespace: null, signature: 'hasDirectoryUser()', returns: 'Boolean', minArgs: 0, maxArgs: 0,
    doc: 'Whether the user has a single Active Directory assignment.',
    impl: (_a, rt) => !!rt.ctx.directories?.activeDirectory?.appUser,
  },
  {
    name: 'findDirectoryUser', namespace: null, signature: 'findDirectoryUser()', returns: 'AppUser', minArgs: 0, maxArgs: 0,
    doc: "The user's Active Directory app user, or null.",
    impl: (_a, rt) => rt.ctx.directories?.activeDirectory?.appUser ?? null,
  },
  {
    name: 'hasWorkdayUser', namespace: null, signature: 'hasWorkdayUser()', returns: 'Boolean', minArgs: 0, maxArgs: 0,
    doc: 'Whether the user has a Workday assignment.',
    impl: (_a, rt) => !!rt.ctx.directories?.workday?.appUser,
  },
  {
    name: 'findWorkdayUser', namespace: null, signature: 'findWorkdayUser()', returns: 'AppUser', minArgs: 0, maxArgs: 0,
    doc: "The user's Workday app user, or null.",
    impl: (_a, rt) => rt.ctx.directories?.workday?.appUser ?? null,
  },
];

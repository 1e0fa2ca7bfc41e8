import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { WorkspaceError, formatProblems } from '../workspace/problems.js';
import { CommandError, UsageError, err, out, usageFromParseArgs } from './common.js';
import { openWorkspace, planSummary, printPlan } from './workspace-io.js';

const HELP = {
  pull: `Usage: gatehouse pull --org URL --token T --server NAME [--db FILE] [--dry-run]

Copies one authorization server of an Okta org (its scopes, claims, policies and rules, and the apps,
groups and users they name) into the workspace, through Okta's Management API. Objects are matched
by name; the server keeps its remote id (so its issuer path is the same). Nothing is deleted.
  --org URL       the org, e.g. https://dev-123456.okta.com (or another Gatehouse)
  --token T       an API token (SSWS); or set OKTA_CLIENT_TOKEN
  --server NAME   the authorization server's name
  --dry-run       show what would change, write nothing`,
  push: `Usage: gatehouse push --org URL --token T --server NAME [--db FILE] [--yes]

Makes one authorization server of the workspace (and the apps and groups its policies and rules
name) so in an Okta org, through Okta's Management API. Shows the plan (create, update, delete, per
object) and asks before applying, unless --yes. Objects are matched by name; the remote keeps its
own ids, client ids and secrets. Users are not pushed: users a rule names must exist remotely.
Exit codes: 0 done (or nothing to do), 1 declined, 2 an error.`,
};

type Verb = keyof typeof HELP;

function parse(verb: Verb, argv: string[]) {
  let v;
  try {
    v = parseArgs({ args: argv, strict: true, options: { org: { type: 'string' }, token: { type: 'string' }, server: { type: 'string' }, db: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    throw usageFromParseArgs(e);
  }
  if (v.help) return 'help' as const;
  const token = v.token ?? process.env.OKTA_CLIENT_TOKEN;
  if (!v.org) throw new UsageError('--org URL is required (the Okta org, e.g. https://dev-123456.okta.com)');
  try {
    const u = new URL(v.org);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
  } catch {
    throw new UsageError(`--org must be an http(s) URL, not '${v.org}'`);
  }
  if (!token) throw new UsageError('--token T is required (or set OKTA_CLIENT_TOKEN)');
  if (!v.server) throw new UsageError('--server NAME is required (the authorization server to ' + verb + ')');
  if (verb === 'pull' && v.yes) throw new UsageError('--yes goes with push');
  if (verb === 'push' && v['dry-run']) throw new UsageError("--dry-run goes with pull; push always shows its plan first (answer 'n' to stop)");
  return { remote: { orgUrl: v.org, token }, server: v.server, db: v.db, yes: !!v.yes, dryRun: !!v['dry-run'] };
}

async function remoteErrors<T>(fn: () => Promise<T>): Promise<T> {
  const { RemoteError } = await import('../workspace/remote.js');
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RemoteError) throw new CommandError(e.message);
    if (e instanceof WorkspaceError) throw new CommandError(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}; nothing was changed`, formatProblems(e.problems));
    throw e;
  }
}

async function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function pullCommand(argv: string[]): Promise<number> {
  const args = parse('pull', argv);
  if (args === 'help') return out(HELP.pull), 0;
  // Loaded on demand: the Okta SDK is only needed by push and pull.
  const { pullServer } = await import('../workspace/remote.js');
  const ws = await openWorkspace(args.db, args.dryRun ? 'scratch' : 'create');
  try {
    const plan = await remoteErrors(() => pullServer(ws.store, args.remote, args.server, { dryRun: args.dryRun }));
    printPlan(plan);
    out(plan.changes.length === 0 ? 'No changes: the workspace already has it.' : `${args.dryRun ? 'Would pull' : 'Pulled'}: ${planSummary(plan)}.`);
    return 0;
  } finally {
    ws.close();
  }
}

export async function pushCommand(argv: string[]): Promise<number> {
  const args = parse('push', argv);
  if (args === 'help') return out(HELP.push), 0;
  const { preparePush } = await import('../workspace/remote.js');
  const ws = await openWorkspace(args.db, 'refuse');
  try {
    const prepared = await remoteErrors(() => preparePush(ws.store, args.remote, args.server));
    printPlan(prepared.plan);
    if (prepared.plan.changes.length === 0) {
      out(`No changes: ${args.remote.orgUrl} already matches.`);
      return 0;
    }
    out(`Plan: ${planSummary(prepared.plan)} in ${args.remote.orgUrl}.`);
    if (!args.yes) {
      if (!process.stdin.isTTY) {
        err('gatehouse push: not applied: answer in a terminal, or pass --yes');
        return 1;
      }
      if (!(await ask(`Apply these ${prepared.plan.changes.length} changes to ${args.remote.orgUrl}? [y/N] `))) {
        out('Not applied.');
        return 1;
      }
    }
    await remoteErrors(() => prepared.apply());
    out(`Pushed: ${planSummary(prepared.plan)}.`);
    return 0;
  } finally {
    ws.close();
  }
}

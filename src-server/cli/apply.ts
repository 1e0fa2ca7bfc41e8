import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { applyDocument, planDocument } from '../workspace/apply.js';
import { modeFor, readDocumentFile, type LoadedDocument } from '../workspace/config-file.js';
import { UsageError, out, usageFromParseArgs } from './common.js';
import { documentError, openWorkspace, planSummary, printPlan } from './workspace-io.js';

const HELP = {
  import: `Usage: gatehouse import FILE [--db FILE]

Adds the objects of a workspace document (JSON or YAML, or Okta's JSON) to the workspace and updates
those of the same name; deletes nothing. The whole document is checked first: every problem is
listed with its path and nothing is changed; otherwise everything is written in one transaction.`,
  apply: `Usage: gatehouse apply FILE [--db FILE]

Brings the workspace to the state FILE describes: each section FILE has (groups, users, apps,
trustedOrigins, authorizationServers, scenarios) is made exactly so, and objects it leaves out are
deleted; sections FILE does not have are left alone. Idempotent: a second run changes nothing.
Secrets may be written as \${ENV_VAR}. A new --db file is created as a fresh org.`,
  diff: `Usage: gatehouse diff FILE [--db FILE]

Shows what 'gatehouse apply FILE' would change, one line per object:
  + create, ~ update (with the fields), - delete.
Exit codes, like 'git diff --exit-code': 0 nothing would change, 1 something would, 2 an error.`,
};

type Verb = keyof typeof HELP;

function parse(verb: Verb, argv: string[]): { file: string; db?: string } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw usageFromParseArgs(e);
  }
  if (parsed.values.help) return 'help';
  const [file, ...extra] = parsed.positionals;
  if (!file) throw new UsageError(`which file? (gatehouse ${verb} FILE --db WORKSPACE)`);
  if (extra.length) throw new UsageError(`one file at a time, not '${parsed.positionals.join(' ')}'`);
  return { file, db: parsed.values.db };
}

function read(file: string, verb: Verb): LoadedDocument {
  try {
    return readDocumentFile(resolve(file));
  } catch (e) {
    return documentError(file, e, verb === 'diff' ? 'cannot compare' : 'nothing was changed');
  }
}

function command(verb: Verb) {
  return async (argv: string[]): Promise<number> => {
    const args = parse(verb, argv);
    if (args === 'help') return out(HELP[verb]), 0;
    const loaded = read(args.file, verb);
    const doc = loaded.doc;
    const ws = await openWorkspace(args.db, verb === 'diff' ? 'scratch' : 'create');
    try {
      if (verb === 'diff') {
        const plan = await planDocument(ws.store, doc, modeFor(loaded)).catch((e) => documentError(args.file, e, 'cannot compare'));
        printPlan(plan);
        if (plan.changes.length === 0) out('No changes: the workspace matches the file.');
        else out(`${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}: ${planSummary(plan)}.`);
        return plan.changes.length ? 1 : 0;
      }
      const plan = await applyDocument(ws.store, doc, { mode: verb === 'import' ? 'merge' : modeFor(loaded) }).catch((e) => documentError(args.file, e));
      printPlan(plan);
      out(plan.changes.length === 0 ? 'No changes: the workspace already matches the file.' : `${verb === 'import' ? 'Imported' : 'Applied'}: ${planSummary(plan)}.`);
      return 0;
    } finally {
      ws.close();
    }
  };
}

export const importCommand = command('import');
export const applyCommand = command('apply');
export const diffCommand = command('diff');

import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { exportWorkspace } from '../workspace/export.js';
import { serialize } from '../workspace/document.js';
import { exportOktaBundle } from '../workspace/okta.js';
import { WorkspaceError, formatProblems } from '../workspace/problems.js';
import { CommandError, UsageError, err, out, usageFromParseArgs } from './common.js';
import { openWorkspace } from './workspace-io.js';

const HELP = `Usage: gatehouse export [--db FILE] [--format json|yaml|okta] [--out FILE] [--include-secrets] [--server NAME]

Writes the workspace as one portable document (objects refer to each other by name).

Options:
  --db FILE            workspace database (default: the one 'gatehouse serve' uses)
  --format F           json, yaml, or okta (authorization servers, apps and groups exactly as Okta's
                       Management API returns them). Default: from --out's extension, else yaml.
  --out FILE           write to FILE (created readable by its owner only) instead of standard output
  --include-secrets    include password hashes, client secrets and private signing keys; the
                       document is marked 'containsSecrets: true'
  --server NAME        with --format okta: only this authorization server (and the apps and groups
                       its policies name)`;

export async function exportCommand(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({ args: argv, strict: true, options: { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'include-secrets': { type: 'boolean' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    throw usageFromParseArgs(e);
  }
  if (v.help) return out(HELP), 0;
  const format = v.format ?? (v.out && /\.json$/i.test(v.out) ? 'json' : 'yaml');
  if (format !== 'json' && format !== 'yaml' && format !== 'okta') throw new UsageError(`--format must be json, yaml or okta, not '${format}'`);
  if (v.server !== undefined && format !== 'okta') throw new UsageError('--server goes with --format okta');
  const ws = await openWorkspace(v.db, 'refuse');
  let text: string;
  try {
    if (format === 'okta') {
      text = `${JSON.stringify(exportOktaBundle(ws.store, { server: v.server, includeSecrets: !!v['include-secrets'] }), null, 2)}\n`;
    } else text = serialize(exportWorkspace(ws.store, { includeSecrets: !!v['include-secrets'] }), format);
  } catch (e) {
    if (e instanceof WorkspaceError) throw new CommandError(formatProblems(e.problems).join('; '));
    throw e;
  } finally {
    ws.close();
  }
  if (v.out) {
    // Mode 0600 like the workspace itself: an export may hold secrets, and always holds the design.
    writeFileSync(v.out, text, { mode: 0o600 });
    err(`gatehouse export: wrote ${v.out}${v['include-secrets'] ? ' (contains secrets: keep it like a password)' : ''}`);
  } else process.stdout.write(text);
  return 0;
}

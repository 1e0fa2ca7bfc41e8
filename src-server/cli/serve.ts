import { parseArgs } from 'node:util';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, VERSION, type RunningServer } from '../app.js';
import { StoreOpenError } from '../store/db.js';
import { LOG_LEVELS, type LogLevel } from '../util/log.js';
import { DEMO_PASSWORD, type Seed } from '../org.js';
import { modeFor, readDocumentFile, type LoadedDocument } from '../workspace/config-file.js';
import { applyDocument, type Plan } from '../workspace/apply.js';
import { WorkspaceError, formatProblems } from '../workspace/problems.js';
import { planSummary } from './workspace-io.js';
import { DEFAULT_PORT, UsageError, defaultDbPath, usageFromParseArgs } from './common.js';

const HELP = `Usage: gatehouse serve [options]

Runs the Gatehouse authorization server and its Okta-compatible Management API, headless.

Options:
  --port N          port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host H          address to bind (default 127.0.0.1; anything else exposes the server to your network)
  --db FILE         workspace database (default ${defaultDbPath()})
  --api-token T     admin API token for 'Authorization: SSWS T' (default: the stored one; on first
                    start one is generated, printed once and stored as a hash)
  --seed demo|none  content of a new workspace: 'demo' (default) adds demo users, groups, apps and an
                    API authorization server; 'none' is a fresh org. Ignored for an existing workspace.
  --config FILE     bring the workspace to the state FILE describes (a workspace document in JSON or
                    YAML, or Okta's JSON) before accepting requests, as 'gatehouse apply' does; a new
                    workspace then starts as a fresh org unless --seed says otherwise
  --log-level L     one of ${LOG_LEVELS.join(', ')} (default info: one line per request)
  --help            show this help
  --version         show the version

Exit codes: 0 after a clean stop (SIGINT/SIGTERM), 2 for a bad flag, a port in use or a workspace
that cannot be used.`;

interface ServeFlags {
  port: number;
  host: string;
  db: string;
  apiToken?: string;
  seed?: Seed;
  logLevel: LogLevel;
  config?: string;
}

export function parseServeArgs(argv: string[]): ServeFlags | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'api-token': { type: 'string' },
        seed: { type: 'string' },
        config: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw usageFromParseArgs(e);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (v.version) return 'version';
  const command = positionals[0] ?? 'serve';
  if (command !== 'serve' || positionals.length > 1) throw new UsageError(`unknown command '${positionals.join(' ')}' (the command is 'serve')`);
  if (v.config === '') throw new UsageError('--config needs a file');
  let port = DEFAULT_PORT;
  if (v.port !== undefined) {
    if (!/^\d+$/.test(v.port) || Number(v.port) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not '${v.port}'`);
    port = Number(v.port);
  }
  if (v.seed !== undefined && v.seed !== 'demo' && v.seed !== 'none') throw new UsageError(`--seed must be 'demo' or 'none', not '${v.seed}'`);
  const logLevel = (v['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  if (v['api-token'] !== undefined && v['api-token'].length < 8) throw new UsageError('--api-token must be at least 8 characters');
  const host = v.host ?? '127.0.0.1';
  if (!host) throw new UsageError('--host cannot be empty');
  return { port, host, db: resolve(v.db ?? defaultDbPath()), apiToken: v['api-token'], seed: v.seed as Seed | undefined, logLevel, ...(v.config !== undefined ? { config: resolve(v.config) } : {}) };
}

/** A config file that cannot be applied: its problems, each with its path, then exit 2. */
function failWithProblems(file: string, e: unknown): never {
  if (!(e instanceof WorkspaceError)) throw e;
  process.stderr.write(`gatehouse: ${file}: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}; the server was not started\n`);
  for (const line of formatProblems(e.problems)) process.stderr.write(`  ${line}\n`);
  process.exit(2);
}

function fail(message: string): never {
  process.stderr.write(`gatehouse: ${message}\n`);
  process.exit(2);
}

/** `gatehouse serve`: runs until SIGINT/SIGTERM; refusals exit 2 with one line on stderr. */
export async function serveCommand(argv: string[]): Promise<void> {
  let flags;
  try {
    flags = parseServeArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`gatehouse: ${e.message}\nRun 'gatehouse serve --help' for the options.\n`);
      process.exit(2);
    }
    throw e;
  }
  if (flags === 'help') return void process.stdout.write(`${HELP}\n`);
  if (flags === 'version') return void process.stdout.write(`${VERSION}\n`);

  // The file is read and checked for structure before the workspace is touched.
  let config: LoadedDocument | undefined;
  if (flags.config) {
    try {
      config = readDocumentFile(flags.config);
    } catch (e) {
      failWithProblems(flags.config, e);
    }
  }

  let server: RunningServer;
  try {
    server = await startServer({
      ...flags,
      seed: flags.seed ?? (config ? 'none' : undefined),
      rendererDir: resolve(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    });
  } catch (e) {
    if (e instanceof StoreOpenError) fail(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${flags.port} on ${flags.host} is already in use; choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL') fail(`cannot bind ${flags.host}: no such address on this machine`);
    if (code === 'EACCES') fail(`not allowed to listen on ${flags.host}:${flags.port}`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') fail(`--host ${flags.host} is not a known address`);
    throw e;
  }

  // Before anything is printed: whoever reads 'listening on' may stop us at once, and a signal
  // that arrives before its handler is installed kills the process instead of closing it.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`gatehouse: ${signal} received, stopping\n`);
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let applied: Plan | undefined;
  if (config && flags.config) {
    try {
      applied = await applyDocument(server.store, config.doc, { mode: modeFor(config) });
      server.ctx.configVersion++;
    } catch (e) {
      await server.close();
      failWithProblems(flags.config, e);
    }
  }

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`Gatehouse ${VERSION}`);
  out(`  workspace: ${flags.db}${server.createdOrg ? ' (new)' : ''}`);
  if (server.generatedApiToken) {
    out(`  admin API token (shown once; stored only as a hash): ${server.generatedApiToken}`);
    out(`    use it as: Authorization: SSWS <token>`);
  }
  if (server.seeded === 'demo') out(`  demo org: users ada@, grace@, alan@, katherine@example.com, password ${DEMO_PASSWORD}`);
  if (!server.createdOrg && flags.seed) out(`  note: --seed applies only when a workspace is created; ${flags.db} already exists`);
  if (applied && flags.config) out(`  config: ${flags.config} applied (${applied.changes.length ? planSummary(applied) : 'no changes'})`);
  if (server.ctx.allowedHosts === 'any') out(`  warning: bound to ${flags.host}: reachable from your network`);
  out(`  open the workbench (signed in; the link works once): ${server.uiLoginUrl()}`);
  out(`listening on ${server.url}`);

}

import { parseArgs } from 'node:util';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer } from '../app.js';
import { StoreOpenError } from '../store/db.js';
import { createLogger } from '../util/log.js';
import { applyConfigFile } from '../workspace/config-file.js';
import { WorkspaceError, formatProblems } from '../workspace/problems.js';
import { CommandError, UsageError, defaultDbPath, err, out, usageFromParseArgs } from '../cli/common.js';
import { runScenario, type ScenarioResult } from './host.js';
import { failureLines, junitXml } from './junit.js';

const HELP = `Usage: gatehouse test [--db FILE | --config FILE] [--reporter text|junit]... [--output FILE] [--scenario NAME]...

Runs the saved scenarios against an ephemeral server: a copy of the workspace (--db, default
${defaultDbPath()}) or a fresh workspace brought to the state of a config file (--config). The
workspace itself is never changed.

Options:
  --db FILE         the workspace whose scenarios run (it is copied first)
  --config FILE     a workspace document (JSON or YAML); \${ENV_VAR} references are resolved
  --reporter R      text (default: one line per scenario, then why each failure failed) or junit
                    (JUnit XML for CI); give it twice for both
  --output FILE     where the JUnit XML goes (default: standard output)
  --scenario NAME   run only this scenario (repeatable)

Exit codes: 0 every scenario passed, 1 a scenario failed (or there was none to run), 2 a bad flag
or a workspace/config that cannot be used.`;

interface TestFlags {
  db?: string;
  config?: string;
  reporters: ('text' | 'junit')[];
  output?: string;
  scenarios: string[];
}

function parse(argv: string[]): TestFlags | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        db: { type: 'string' },
        config: { type: 'string' },
        reporter: { type: 'string', multiple: true },
        output: { type: 'string' },
        scenario: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw usageFromParseArgs(e);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.db !== undefined && v.config !== undefined) throw new UsageError('give --db or --config, not both');
  const reporters = v.reporter ?? ['text'];
  for (const r of reporters) if (r !== 'text' && r !== 'junit') throw new UsageError(`--reporter must be text or junit, not '${r}'`);
  if (v.output !== undefined && !reporters.includes('junit')) throw new UsageError('--output is where the JUnit XML goes: add --reporter junit');
  return { db: v.db, config: v.config, reporters: reporters as TestFlags['reporters'], output: v.output, scenarios: v.scenario ?? [] };
}

/** A private copy of the workspace: the run's tokens, codes and log events stay out of the original. */
function copyWorkspace(file: string, dir: string): string {
  if (!existsSync(file)) throw new CommandError(`there is no workspace at ${file} (give one with --db, or use --config)`);
  const copy = join(dir, 'workspace.db');
  copyFileSync(file, copy);
  // A workspace another process has open keeps recent writes in its WAL file: copy it too.
  for (const ext of ['-wal']) if (existsSync(file + ext)) copyFileSync(file + ext, copy + ext);
  return copy;
}

async function ephemeralServer(flags: TestFlags, dir: string): Promise<RunningServer> {
  const base = { port: 0, host: '127.0.0.1', apiToken: 'gatehouse-test-run', log: createLogger('silent') };
  try {
    if (flags.config === undefined) return await startServer({ ...base, db: copyWorkspace(resolve(flags.db ?? defaultDbPath()), dir), seed: 'none' });
    const server = await startServer({ ...base, db: join(dir, 'workspace.db'), seed: 'none' });
    try {
      await applyConfigFile(server.store, resolve(flags.config));
    } catch (e) {
      await server.close();
      if (e instanceof WorkspaceError) throw new CommandError(`${flags.config}: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}; no scenario ran`, formatProblems(e.problems));
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CommandError(`there is no file ${resolve(flags.config)}`);
      throw e;
    }
    // The protocol endpoints cache configuration by version: the file changed it behind them.
    server.ctx.configVersion++;
    return server;
  } catch (e) {
    if (e instanceof StoreOpenError) throw new CommandError(e.message);
    throw e;
  }
}

function report(results: ScenarioResult[]): void {
  for (const r of results) {
    out(`${r.passed ? '✓' : '✗'} ${r.name} (${r.durationMs} ms)`);
    if (!r.passed) for (const line of failureLines(r)) out(`    ${line}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  out('');
  out(`${results.length} scenario${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed`);
}

/** `gatehouse test`: the saved scenarios as a regression suite, for people and for CI. */
export async function runTestCommand(argv: string[]): Promise<number> {
  const flags = parse(argv);
  if (flags === 'help') return out(HELP), 0;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-run-'));
  let server: RunningServer | undefined;
  try {
    server = await ephemeralServer(flags, dir);
    let scenarios = server.store.scenarios.list();
    const unknown = flags.scenarios.filter((n) => !scenarios.some((s) => s.name === n));
    if (unknown.length) throw new CommandError(`no scenario named ${unknown.map((n) => `'${n}'`).join(', ')} (there are: ${scenarios.map((s) => `'${s.name}'`).join(', ') || 'none'})`);
    if (flags.scenarios.length) scenarios = scenarios.filter((s) => flags.scenarios.includes(s.name));
    if (!scenarios.length) {
      err('gatehouse test: there are no scenarios to run (save some in the simulator, or add a scenarios section to the config)');
      return 1;
    }
    const started = new Date();
    const results: ScenarioResult[] = [];
    for (const s of scenarios) results.push(await runScenario(server.ctx, s));
    const junit = flags.reporters.includes('junit') ? junitXml(results, started) : undefined;
    if (junit !== undefined && flags.output) writeFileSync(resolve(flags.output), junit);
    if (flags.reporters.includes('text')) report(results);
    if (junit !== undefined && !flags.output) process.stdout.write(junit);
    return results.every((r) => r.passed) ? 0 : 1;
  } finally {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

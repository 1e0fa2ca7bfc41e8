import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError, UsageError, err, type Command } from './cli/common.js';
import { serveCommand } from './cli/serve.js';
import { exportCommand } from './cli/export.js';
import { applyCommand, diffCommand, importCommand } from './cli/apply.js';
import { pullCommand, pushCommand } from './cli/remote.js';
import { runTestCommand } from './simulator/cli-test.js';

export { DEFAULT_PORT, defaultDbPath } from './cli/common.js';
export { parseServeArgs } from './cli/serve.js';

/**
 * The `gatehouse` command: a small dispatcher, one module per command under cli/. `serve` is the
 * default (a first argument that is a flag, or none, means serve), so `gatehouse --port 0` still
 * starts the server as it always did.
 */
const COMMANDS: Record<string, Command> = {
  export: exportCommand,
  import: importCommand,
  apply: applyCommand,
  diff: diffCommand,
  pull: pullCommand,
  push: pushCommand,
  test: runTestCommand,
};

export async function main(argv: string[]): Promise<void> {
  const name = argv[0];
  const command = name !== undefined ? COMMANDS[name] : undefined;
  if (!command) return serveCommand(argv);
  let code: number;
  try {
    code = await command(argv.slice(1));
  } catch (e) {
    if (e instanceof UsageError) {
      err(`gatehouse ${name}: ${e.message}`);
      err(`Run 'gatehouse ${name} --help' for the options.`);
      code = 2;
    } else if (e instanceof CommandError) {
      err(`gatehouse ${name}: ${e.message}`);
      for (const d of e.details) err(`  ${d}`);
      code = 2;
    } else throw e;
  }
  // Stdout may be a pipe: let it drain before exiting, or the end of a long export is lost.
  await new Promise<void>((r) => (process.stdout.write('', () => r())));
  process.exit(code);
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly || process.env.GATEHOUSE_CLI === '1') {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`gatehouse: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

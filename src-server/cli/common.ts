import { homedir } from 'node:os';
import { join } from 'node:path';

/** Fixed default port, documented in the README and `--help`. */
export const DEFAULT_PORT = 7654;

/** The user's data folder, by platform convention. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Gatehouse', 'workspace.db');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Gatehouse', 'workspace.db');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'gatehouse', 'workspace.db');
}

/** A bad command line: reported as one `gatehouse:` line plus a hint to `--help`, exit 2. */
export class UsageError extends Error {}

/** A command that cannot do its job (file missing, document invalid, remote refused): exit 2. */
export class CommandError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
  }
}

/** A command other than `serve`: runs to completion and returns its exit code. */
export type Command = (argv: string[]) => Promise<number>;

export const out = (line = ''): void => void process.stdout.write(`${line}\n`);
export const err = (line: string): void => void process.stderr.write(`${line}\n`);

/** Shortens a parseArgs error to its first sentence, as `serve` always did. */
export function usageFromParseArgs(e: unknown): UsageError {
  return new UsageError((e as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
}

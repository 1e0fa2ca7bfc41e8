import type { Problem } from './problems.js';

const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Resolves a secret written as `${NAME}` from the environment, so a committed file carries no
 * secret. Only whole-value references in secret fields are resolved: `${source.login}` in a
 * username template is Okta's syntax and stays as it is.
 */
export function resolveSecret(value: string | undefined, path: string, env: NodeJS.ProcessEnv, problems: Problem[]): string | undefined {
  if (value === undefined) return undefined;
  const m = REFERENCE.exec(value);
  if (!m) return value;
  const v = env[m[1]!];
  if (v === undefined || v === '') {
    problems.push({ path, message: `the environment variable ${m[1]} is not set` });
    return undefined;
  }
  return v;
}

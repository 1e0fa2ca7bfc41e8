import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Builds what the process-level and browser tests run (out/server/cli.js, out/renderer) once per
 * test run, so `npx vitest run <file>` works on its own as well as under `npm test`.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

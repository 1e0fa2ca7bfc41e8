import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const hasElectron = existsSync(join(root, 'node_modules/electron/path.txt'));

describe('npm start where Electron cannot be installed', () => {
  it.skipIf(hasElectron)('says so in one message that points to npm run serve, and exits 1', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/start.mjs'), '--no-build'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    const message = lines.at(-1)!;
    expect(message).toMatch(/^gatehouse: the desktop app cannot start on this machine \(.+\)\. Run "npm run serve" instead/);
    expect(message).toContain("Electron's binary is not installed and could not be downloaded");
    // No stack traces or download chatter around it.
    expect(lines.filter((l) => !l.startsWith('gatehouse:'))).toEqual([]);
    expect(r.stdout).toBe('');
  });
});

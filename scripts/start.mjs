#!/usr/bin/env node
/*
 * `npm start`: builds what the desktop app needs (the app, and the Electron-ABI SQLite module on
 * first start), then launches Electron on this folder. Where Electron cannot be installed or
 * started, it says so in one message and points to `npm run serve`, the same workbench in a browser.
 *   --no-build   skip `npm run build` (when out/ is fresh)
 * Other arguments go to the app.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildElectronSqlite } from './rebuild-electron-sqlite.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const appArgs = args.filter((a) => a !== '--no-build');

function cannotStart(reason) {
  process.stderr.write(
    `gatehouse: the desktop app cannot start on this machine (${reason}). ` +
      `Run "npm run serve" instead: it starts the same server and prints a link that opens the workbench in your browser.\n`,
  );
  process.exit(1);
}

function lastLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const telling = lines.filter((l) => /error|failed|cannot|unable|missing|not found/i.test(l));
  return (telling.at(-1) ?? lines.at(-1) ?? 'no details').slice(0, 300);
}

/**
 * Electron's package finds (and on first use downloads) its binary when it is required. That runs
 * in a child process so its download chatter and stack traces don't bury the one message.
 */
function electronBinary() {
  if (!existsSync(join(root, 'node_modules/electron/path.txt')) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    process.stderr.write('gatehouse: getting the Electron binary (first start only)…\n');
  }
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) {
    const detail = lastLine(r.stderr || r.stdout);
    if (/failed to install/i.test(detail)) {
      return { error: 'Electron\'s binary is not installed and could not be downloaded; with network access, "npx install-electron --no" gets it' };
    }
    return { error: `Electron is not installed: ${detail}` };
  }
  const path = r.stdout.trim();
  if (!existsSync(path)) return { error: `the Electron binary is missing at ${path}` };
  return { path };
}

if (build) {
  const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (b.status !== 0) {
    process.stderr.write('gatehouse: the build failed (see above); nothing was started.\n');
    process.exit(1);
  }
}

const electron = electronBinary();
if (electron.error) cannotStart(electron.error);

try {
  await rebuildElectronSqlite();
} catch (e) {
  cannotStart(`the SQLite module could not be built for Electron: ${lastLine(e instanceof Error ? e.message : e)}`);
}

const started = Date.now();
let stderrTail = '';
const child = spawn(electron.path, [root, ...appArgs], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
child.stderr.on('data', (d) => {
  process.stderr.write(d);
  stderrTail = (stderrTail + d.toString()).slice(-4000);
});
child.on('error', (e) => cannotStart(`Electron could not be run: ${e.message}`));
child.on('exit', (code, signal) => {
  // A failure within the first seconds is Electron not starting (missing libraries, no display,
  // sandbox setup); a later non-zero exit is the app's own and was shown by it.
  if (code !== 0 && signal === null && Date.now() - started < 15_000) cannotStart(`Electron exited with code ${code}: ${lastLine(stderrTail)}`);
  process.exit(code ?? 0);
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));

/*
 * The workspace controller with the real server process: out/server/utility.js (built by the test
 * setup) forked with child_process, which speaks the same messages as under Electron.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DesktopController, type Opened } from '../../src-main/controller.js';
import { ServerHost, type ServerProcess } from '../../src-main/server-host.js';
import { RecentWorkspaces } from '../../src-main/workspaces.js';

const root = join(import.meta.dirname, '../..');
const children: ReturnType<typeof fork>[] = [];
// A private copy of the built server: other test runs on this machine rebuild out/server while we
// run. It stays under the project so that better-sqlite3 still resolves from node_modules.
const serverCopy = join(root, 'out/test-copies', `server-${process.pid}`);
beforeAll(() => cpSync(join(root, 'out/server'), serverCopy, { recursive: true }));
afterAll(() => rmSync(serverCopy, { recursive: true, force: true }));

function forkUtility(): ServerProcess {
  const child = fork(join(serverCopy, 'utility.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  children.push(child);
  const proc = new EventEmitter() as EventEmitter & ServerProcess;
  proc.postMessage = (m) => void (child.connected && child.send(m));
  proc.kill = () => child.kill('SIGKILL');
  child.on('message', (m) => proc.emit('message', m));
  child.on('exit', (code) => proc.emit('exit', code ?? 1));
  return proc;
}

let dir: string;
let controller: DesktopController;
let opened: Opened[];
let crashes: { workspace: string; code: number }[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-controller-'));
  opened = [];
  crashes = [];
  controller = new DesktopController({
    newHost: () => new ServerHost({ fork: forkUtility }),
    recent: new RecentWorkspaces(join(dir, 'workspaces.json')),
    rendererDir: join(root, 'out/renderer'),
    preferredPort: 0,
    onOpened: (o) => opened.push(o),
    onCrashed: (workspace, code) => crashes.push({ workspace, code }),
  });
});

afterEach(async () => {
  await controller.stop();
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Opens and insists it worked, showing the server's reason when it did not. */
async function mustOpen(path: string, seed?: 'demo' | 'none'): Promise<Opened> {
  const outcome = await controller.open(path, seed);
  expect(outcome).toMatchObject({ ok: true });
  return controller.opened!;
}

async function signedIn(o: Opened): Promise<string> {
  const res = await fetch(o.ready.loginUrl, { redirect: 'manual' });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function userLogins(o: Opened, cookie: string): Promise<string[]> {
  const res = await fetch(`${o.ready.url}/api/v1/users`, { headers: { cookie, accept: 'application/json' } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { profile: { login: string } }[]).map((u) => u.profile.login);
}

describe('DesktopController with the real server process', () => {
  it('a first start creates the workspace from the demo seed and remembers it', async () => {
    const ws = join(dir, 'first.db');
    const outcome = await controller.open(ws);
    expect(outcome.ok).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.ready.createdOrg).toBe(true);
    expect(opened[0]!.ready.generatedApiToken).toMatch(/.{20,}/);
    expect(await userLogins(opened[0]!, await signedIn(opened[0]!))).toContain('ada@example.com');
    expect(JSON.parse(readFileSync(join(dir, 'workspaces.json'), 'utf8'))).toEqual({ recent: [ws] });
  });

  it('opening a file that is not a workspace says so and changes nothing', async () => {
    const ws = join(dir, 'a.db');
    const before = await mustOpen(ws);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'shopping list\n');

    const outcome = await controller.open(notes);
    expect(outcome).toEqual({ ok: false, message: `${notes} is not a Gatehouse workspace (not an SQLite database)` });
    expect(readFileSync(notes, 'utf8')).toBe('shopping list\n');
    expect(controller.opened).toBe(before);
    expect(opened).toHaveLength(1);
    // The open workspace is still served.
    expect(await userLogins(before, await signedIn(before))).toContain('ada@example.com');
    expect(JSON.parse(readFileSync(join(dir, 'workspaces.json'), 'utf8'))).toEqual({ recent: [ws] });
  });

  it('opening a workspace from a newer Gatehouse says so and leaves the file byte for byte', async () => {
    await mustOpen(join(dir, 'a.db'));
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 9999');
    db.close();
    const bytes = readFileSync(newer);

    const outcome = await controller.open(newer);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/was written by a newer Gatehouse \(schema 9999/);
    expect(readFileSync(newer).equals(bytes)).toBe(true);
    expect(controller.opened!.workspace).toBe(join(dir, 'a.db'));
  });

  it('switches to another workspace: the old server stops, the new one serves its own data', async () => {
    const first = await mustOpen(join(dir, 'demo.db'));
    const outcome = await controller.open(join(dir, 'empty.db'), 'none');
    expect(outcome.ok).toBe(true);
    const second = controller.opened!;
    expect(second.workspace).toBe(join(dir, 'empty.db'));
    expect(await userLogins(second, await signedIn(second))).toEqual([]);
    await expect(fetch(first.ready.url)).rejects.toThrow();
    expect(new RecentWorkspaces(join(dir, 'workspaces.json')).list()).toEqual([join(dir, 'empty.db'), join(dir, 'demo.db')]);
  });

  it('reports a crash of the server process, and restart brings the same workspace back', async () => {
    const ws = join(dir, 'crash.db');
    await mustOpen(ws);
    children.at(-1)!.kill('SIGKILL');
    await expect.poll(() => crashes.length).toBe(1);
    expect(crashes[0]!.workspace).toBe(ws);
    expect(controller.serverOrigin()).toBeUndefined();

    const outcome = await controller.restart();
    expect(outcome.ok).toBe(true);
    const again = controller.opened!;
    expect(again.ready.createdOrg).toBe(false);
    expect(await userLogins(again, await signedIn(again))).toContain('ada@example.com');
  });

  it('Save a Copy As writes a consistent workspace that opens; the open file itself is refused as the target', async () => {
    const ws = join(dir, 'source.db');
    await mustOpen(ws);
    await expect(controller.saveCopy(ws)).rejects.toThrow('choose another file');
    const copy = join(dir, 'copy.db');
    await expect(controller.saveCopy(copy)).resolves.toBe(copy);
    const db = new Database(copy, { readonly: true });
    const users = db.prepare('select count(*) as n from users').get() as { n: number };
    db.close();
    expect(users.n).toBe(4);
  });

  it('stop closes the database (the WAL file is gone) and ends the process', async () => {
    const ws = join(dir, 'stop.db');
    await mustOpen(ws);
    expect(existsSync(`${ws}-wal`)).toBe(true);
    await controller.stop();
    expect(existsSync(`${ws}-wal`)).toBe(false);
    expect(children.at(-1)!.exitCode).toBe(0);
  });
});

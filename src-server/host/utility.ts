/*
 * The server's process in the desktop app: Electron's main process forks this file with
 * `utilityProcess.fork`, so a load test against the server never freezes the window. It speaks the
 * messages of ./protocol.ts over `process.parentPort`. Under `child_process.fork` (tests, plain
 * Node) the same messages travel over Node's IPC channel instead. It never imports electron.
 */
import { chmodSync, renameSync, rmSync } from 'node:fs';
import { startServer, type RunningServer } from '../app.js';
import { openDatabase, StoreOpenError } from '../store/db.js';
import { createLogger } from '../util/log.js';
import type { FailureKind, FromServer, StartRequest, ToServer } from './protocol.js';

interface Port {
  onMessage(listener: (message: unknown) => void): void;
  post(message: FromServer): void;
}

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function parentPort(): Port {
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return { onMessage: (l) => electronPort.on('message', (e) => l(e.data)), post: (m) => electronPort.postMessage(m) };
  }
  if (process.send) {
    return { onMessage: (l) => process.on('message', l), post: (m) => void process.send!(m) };
  }
  throw new Error('the Gatehouse server host must be started by the desktop app (no parent port)');
}

function failureOf(e: unknown, port: number): { kind: FailureKind; message: string } {
  if (e instanceof StoreOpenError) return { kind: 'workspace', message: e.message };
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return { kind: 'port', message: `port ${port} is already in use` };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

const log = createLogger('info');
const port = parentPort();
let server: RunningServer | undefined;

async function start(req: StartRequest): Promise<RunningServer> {
  const opts = { db: req.db, host: '127.0.0.1', seed: req.seed, rendererDir: req.rendererDir, nativeBinding: req.nativeBinding, log };
  try {
    return await startServer({ ...opts, port: req.port });
  } catch (e) {
    if (req.fallbackToFreePort && (e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      log.warn(`port ${req.port} is in use; serving on a free port instead`);
      return startServer({ ...opts, port: 0 });
    }
    throw e;
  }
}

/** A consistent copy of the live database, written beside the target and renamed into place. */
async function backup(dest: string): Promise<void> {
  if (!server) throw new Error('no workspace is open');
  server.ctx.systemLog.flush();
  const partial = `${dest}.partial-${process.pid}`;
  try {
    await server.store.db.backup(partial);
    chmodSync(partial, 0o600);
    renameSync(partial, dest);
  } finally {
    rmSync(partial, { force: true });
  }
}

async function stop(): Promise<void> {
  const s = server;
  server = undefined;
  await s?.close();
  port.post({ type: 'stopped' });
  process.exit(0);
}

async function handle(m: ToServer): Promise<void> {
  switch (m.type) {
    case 'check':
      try {
        openDatabase(m.db, { nativeBinding: m.nativeBinding }).close();
        port.post({ type: 'checked' });
      } catch (e) {
        port.post({ type: 'failed', ...failureOf(e, 0) });
      }
      return;
    case 'start':
      if (server) return port.post({ type: 'failed', kind: 'other', message: 'a workspace is already open in this process' });
      try {
        server = await start(m);
        port.post({
          type: 'ready',
          url: server.url,
          loginUrl: server.uiLoginUrl(),
          createdOrg: server.createdOrg,
          seeded: server.seeded,
          generatedApiToken: server.generatedApiToken,
        });
      } catch (e) {
        port.post({ type: 'failed', ...failureOf(e, m.port) });
      }
      return;
    case 'login-url':
      if (!server) return port.post({ type: 'reply', id: m.id, ok: false, error: 'no workspace is open' });
      return port.post({ type: 'reply', id: m.id, ok: true, value: server.uiLoginUrl() });
    case 'backup':
      try {
        await backup(m.dest);
        port.post({ type: 'reply', id: m.id, ok: true, value: m.dest });
      } catch (e) {
        port.post({ type: 'reply', id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
      return;
    case 'stop':
      return stop();
  }
}

port.onMessage((m) => {
  if (typeof m !== 'object' || m === null) return;
  handle(m as ToServer).catch((e) => log.error(`server host: ${e instanceof Error ? e.message : String(e)}`));
});
// Node's IPC channel closes when the parent goes away; Electron ends utility processes itself.
process.on('disconnect', () => void stop());

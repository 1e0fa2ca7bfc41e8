import { resolve } from 'node:path';
import type { Seed } from '../src-server/org.js';
import type { ReadyMessage } from '../src-server/host/protocol.js';
import { HostError, type ServerHost } from './server-host.js';
import type { RecentWorkspaces } from './workspaces.js';

/*
 * Which workspace is open and the server process serving it. Opening another workspace first asks
 * a new process whether the file can be used; only then is the current server stopped (freeing its
 * port) and the new one started, so a file that is not a workspace, or is from a newer Gatehouse,
 * is refused with the server's own sentence and nothing changes.
 */

export interface Opened {
  workspace: string;
  ready: ReadyMessage;
}

export type OpenOutcome = { ok: true; opened: Opened } | { ok: false; message: string };

export interface ControllerDeps {
  newHost(): ServerHost;
  recent: RecentWorkspaces;
  rendererDir: string;
  nativeBinding?: string;
  /** The port tried first (the same as `gatehouse serve`); a free one when it is taken. */
  preferredPort: number;
  onOpened(opened: Opened): void;
  onCrashed(workspace: string, exitCode: number): void;
}

export class DesktopController {
  private host?: ServerHost;
  private current?: Opened;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ControllerDeps) {}

  get opened(): Opened | undefined {
    return this.current;
  }

  /** Origin of the running server (the window's origin), or undefined when none runs. */
  serverOrigin(): string | undefined {
    return this.host?.state === 'running' && this.current ? new URL(this.current.ready.url).origin : undefined;
  }

  /** Calls run one at a time: a second Open while one is starting waits for it. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  open(path: string, seed: Seed = 'demo'): Promise<OpenOutcome> {
    return this.serial(() => this.openNow(resolve(path), seed));
  }

  private async startOn(host: ServerHost, workspace: string, seed: Seed): Promise<Opened> {
    const ready = await host.start({
      db: workspace,
      port: this.deps.preferredPort,
      fallbackToFreePort: true,
      seed,
      rendererDir: this.deps.rendererDir,
      nativeBinding: this.deps.nativeBinding,
    });
    return { workspace, ready };
  }

  private adopt(host: ServerHost, opened: Opened): void {
    this.host = host;
    this.current = opened;
    host.on('crashed', (code) => {
      if (this.host === host) this.deps.onCrashed(opened.workspace, code);
    });
    this.deps.recent.remember(opened.workspace);
    this.deps.onOpened(opened);
  }

  private async openNow(workspace: string, seed: Seed): Promise<OpenOutcome> {
    if (this.current?.workspace === workspace && this.host?.state === 'running') return { ok: true, opened: this.current };
    const next = this.deps.newHost();
    try {
      await next.check(workspace, this.deps.nativeBinding);
    } catch (e) {
      await next.stop();
      return { ok: false, message: messageOf(e) };
    }
    const previous = this.current;
    await this.host?.stop();
    this.host = undefined;
    try {
      const opened = await this.startOn(next, workspace, seed);
      this.adopt(next, opened);
      return { ok: true, opened };
    } catch (e) {
      // The file passed the check but the server still could not start: put the previous one back.
      if (previous) await this.restartNow(previous.workspace).catch(() => undefined);
      return { ok: false, message: messageOf(e) };
    }
  }

  /** Starts the current workspace again (after a crash, or from the menu). */
  restart(): Promise<OpenOutcome> {
    return this.serial(async () => {
      const workspace = this.current?.workspace;
      if (!workspace) return { ok: false, message: 'No workspace is open.' };
      try {
        return { ok: true, opened: await this.restartNow(workspace) };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    });
  }

  private async restartNow(workspace: string): Promise<Opened> {
    await this.host?.stop();
    this.host = undefined;
    const host = this.deps.newHost();
    const opened = await this.startOn(host, workspace, 'demo');
    this.adopt(host, opened);
    return opened;
  }

  loginUrl(): Promise<string> {
    if (!this.host) return Promise.reject(new Error('No workspace is open.'));
    return this.host.loginUrl();
  }

  async saveCopy(dest: string): Promise<string> {
    if (!this.host || !this.current) throw new Error('No workspace is open.');
    if (resolve(dest) === this.current.workspace) throw new Error('That is the open workspace itself; choose another file for the copy.');
    return this.host.backup(resolve(dest));
  }

  /** Closes the database and ends the server process (on quit). */
  stop(): Promise<void> {
    return this.serial(async () => {
      await this.host?.stop();
    });
  }
}

function messageOf(e: unknown): string {
  if (e instanceof HostError && e.kind === 'workspace') return e.message;
  return e instanceof Error ? e.message : String(e);
}

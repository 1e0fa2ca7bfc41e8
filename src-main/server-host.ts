import { EventEmitter } from 'node:events';
import { isFromServer, type FailureKind, type FromServer, type ReadyMessage, type StartRequest, type ToServer } from '../src-server/host/protocol.js';

/*
 * One server process for one workspace. The process is an Electron utility process in the app and
 * anything with the same surface in tests; this class owns the message protocol, the timeouts and
 * the difference between a stop we asked for and a crash.
 */

/** The surface of Electron's UtilityProcess that the host uses. */
export interface ServerProcess {
  postMessage(message: ToServer): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type Fork = () => ServerProcess;

export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly kind: FailureKind | 'timeout' | 'exited',
    message: string,
  ) {
    super(message);
  }
}

export type HostState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed';

export interface HostOptions {
  fork: Fork;
  /** How long a start may take before it counts as failed (migrations of a big file take a while). */
  startTimeoutMs?: number;
  /** How long a stop may take before the process is killed. */
  stopTimeoutMs?: number;
}

export interface ServerHostEvents {
  /** The process ended without being asked to: the window shows it with a restart button. */
  crashed: [code: number];
}

export class ServerHost extends EventEmitter<ServerHostEvents> {
  state: HostState = 'idle';
  ready?: ReadyMessage;
  private proc?: ServerProcess;
  private exited?: Promise<number>;
  private waiter?: { accept: (m: FromServer) => boolean; fail: (e: HostError) => void };
  private nextId = 1;
  private readonly replies = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();

  constructor(private readonly opts: HostOptions) {
    super();
  }

  private spawn(): ServerProcess {
    if (this.proc) return this.proc;
    const proc = this.opts.fork();
    this.proc = proc;
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code) => {
        this.proc = undefined;
        const wasRunning = this.state === 'running';
        this.waiter?.fail(new HostError('exited', `the server process ended (exit code ${code}) before it was ready`));
        for (const r of this.replies.values()) r.reject(new HostError('exited', 'the server process ended'));
        this.replies.clear();
        if (wasRunning) {
          this.state = 'crashed';
          this.emit('crashed', code);
        } else if (this.state !== 'crashed') {
          this.state = 'stopped';
        }
        resolve(code);
      });
    });
    proc.on('message', (m) => this.receive(m));
    return proc;
  }

  private receive(m: unknown): void {
    if (!isFromServer(m)) return;
    if (m.type === 'reply') {
      const r = this.replies.get(m.id);
      this.replies.delete(m.id);
      if (m.ok) r?.resolve(m.value ?? '');
      else r?.reject(new Error(m.error ?? 'the server could not do it'));
      return;
    }
    this.waiter?.accept(m);
  }

  /** Sends one message and waits for the answer that `accept` takes (ready/checked or failed). */
  private exchange<T extends FromServer['type']>(message: ToServer, want: T, timeoutMs: number): Promise<Extract<FromServer, { type: T }>> {
    const proc = this.spawn();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new HostError('timeout', `the server did not answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
      };
      this.waiter = {
        accept: (m) => {
          if (m.type === want) {
            done();
            resolve(m as Extract<FromServer, { type: T }>);
            return true;
          }
          if (m.type === 'failed') {
            done();
            reject(new HostError(m.kind, m.message));
            return true;
          }
          return false;
        },
        fail: (e) => {
          done();
          reject(e);
        },
      };
      proc.postMessage(message);
    });
  }

  /** Asks the process whether `db` is a workspace it can open; leaves the file as it is when not. */
  async check(db: string, nativeBinding?: string): Promise<void> {
    await this.exchange({ type: 'check', db, nativeBinding }, 'checked', this.opts.startTimeoutMs ?? 30_000);
  }

  async start(req: Omit<StartRequest, 'type'>): Promise<ReadyMessage> {
    this.state = 'starting';
    try {
      this.ready = await this.exchange({ type: 'start', ...req }, 'ready', this.opts.startTimeoutMs ?? 30_000);
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.state = 'running';
    return this.ready;
  }

  private request(message: { type: 'login-url' } | { type: 'backup'; dest: string }): Promise<string> {
    const proc = this.proc;
    if (!proc || this.state !== 'running') return Promise.reject(new Error('the server is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      proc.postMessage({ ...message, id });
    });
  }

  /** A fresh one-time sign-in URL (each works once). */
  loginUrl(): Promise<string> {
    return this.request({ type: 'login-url' });
  }

  /** A consistent copy of the open workspace at `dest`. */
  backup(dest: string): Promise<string> {
    return this.request({ type: 'backup', dest });
  }

  /** Asks the process to close the database and exit; kills it if it does not within the timeout. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    if (this.state !== 'crashed') this.state = 'stopping';
    proc.postMessage({ type: 'stop' });
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.opts.stopTimeoutMs ?? 10_000).unref?.());
    if ((await Promise.race([this.exited!, timeout])) === 'timeout') {
      proc.kill();
      await this.exited;
    }
    this.state = 'stopped';
  }
}

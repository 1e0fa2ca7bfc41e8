import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { ToServer } from '../../src-server/host/protocol.js';
import { HostError, ServerHost, type ServerProcess } from '../../src-main/server-host.js';

/** A server process double: records what main sends and answers as the test says. */
class FakeProcess extends EventEmitter implements ServerProcess {
  sent: ToServer[] = [];
  killed = false;
  constructor(private readonly answer: (m: ToServer, p: FakeProcess) => void) {
    super();
  }
  postMessage(m: ToServer): void {
    this.sent.push(m);
    queueMicrotask(() => this.answer(m, this));
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 137));
    return true;
  }
  reply(m: unknown): void {
    this.emit('message', m);
  }
}

const READY = { type: 'ready', url: 'http://127.0.0.1:7654', loginUrl: 'http://127.0.0.1:7654/gatehouse/login?token=t', createdOrg: true };
const START = { db: '/tmp/w.db', port: 7654, fallbackToFreePort: true, seed: 'demo' as const, rendererDir: '/r' };

function wellBehaved(m: ToServer, p: FakeProcess): void {
  if (m.type === 'start') p.reply(READY);
  if (m.type === 'check') p.reply({ type: 'checked' });
  if (m.type === 'login-url') p.reply({ type: 'reply', id: m.id, ok: true, value: 'http://127.0.0.1:7654/gatehouse/login?token=u' });
  if (m.type === 'stop') (p.reply({ type: 'stopped' }), p.emit('exit', 0));
}

describe('ServerHost: start and ready', () => {
  it('sends start and resolves with the ready message', async () => {
    const proc = new FakeProcess(wellBehaved);
    const host = new ServerHost({ fork: () => proc });
    await expect(host.start(START)).resolves.toMatchObject({ url: 'http://127.0.0.1:7654' });
    expect(host.state).toBe('running');
    expect(proc.sent[0]).toEqual({ type: 'start', ...START });
    await expect(host.loginUrl()).resolves.toContain('token=u');
  });

  it('rejects with the server\'s own sentence when the workspace cannot be used, and ends the process', async () => {
    const proc = new FakeProcess((m, p) => {
      if (m.type === 'start') p.reply({ type: 'failed', kind: 'workspace', message: '/tmp/w.db is not a Gatehouse workspace (not an SQLite database)' });
      if (m.type === 'stop') p.emit('exit', 0);
    });
    const host = new ServerHost({ fork: () => proc });
    const err = await host.start(START).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ kind: 'workspace', message: '/tmp/w.db is not a Gatehouse workspace (not an SQLite database)' });
    expect(host.state).toBe('stopped');
  });

  it('gives up after the start timeout and kills a process that does not stop', async () => {
    const proc = new FakeProcess(() => undefined);
    const host = new ServerHost({ fork: () => proc, startTimeoutMs: 50, stopTimeoutMs: 50 });
    await expect(host.start(START)).rejects.toMatchObject({ kind: 'timeout' });
    expect(proc.killed).toBe(true);
  });

  it('ignores messages that are not of the protocol', async () => {
    const proc = new FakeProcess((m, p) => {
      p.reply('ready');
      p.reply({ type: 'ready' }); // no url
      p.reply(null);
      wellBehaved(m, p);
    });
    const host = new ServerHost({ fork: () => proc });
    await expect(host.start(START)).resolves.toMatchObject({ type: 'ready' });
  });

  it('reports a process that exits before it is ready', async () => {
    const proc = new FakeProcess((m, p) => m.type === 'start' && p.emit('exit', 1));
    const host = new ServerHost({ fork: () => proc });
    await expect(host.start(START)).rejects.toMatchObject({ kind: 'exited' });
  });
});

describe('ServerHost: crash and stop', () => {
  it('emits crashed when the running process ends without being asked', async () => {
    const proc = new FakeProcess(wellBehaved);
    const host = new ServerHost({ fork: () => proc });
    await host.start(START);
    const crashed = new Promise<number>((resolve) => host.on('crashed', resolve));
    proc.emit('exit', 134);
    await expect(crashed).resolves.toBe(134);
    expect(host.state).toBe('crashed');
    await expect(host.loginUrl()).rejects.toThrow('not running');
  });

  it('a requested stop is not a crash: it sends stop and waits for the exit', async () => {
    const proc = new FakeProcess(wellBehaved);
    const host = new ServerHost({ fork: () => proc });
    await host.start(START);
    let crashed = false;
    host.on('crashed', () => (crashed = true));
    await host.stop();
    expect(proc.sent.at(-1)).toEqual({ type: 'stop' });
    expect(proc.killed).toBe(false);
    expect(crashed).toBe(false);
    expect(host.state).toBe('stopped');
  });

  it('pending requests fail when the process dies', async () => {
    const proc = new FakeProcess((m, p) => (m.type === 'backup' ? p.emit('exit', 9) : wellBehaved(m, p)));
    const host = new ServerHost({ fork: () => proc });
    await host.start(START);
    await expect(host.backup('/tmp/copy.db')).rejects.toThrow('ended');
  });
});

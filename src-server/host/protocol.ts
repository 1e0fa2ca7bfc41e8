/*
 * The messages between the desktop app's main process and the server's utility process. Kept free
 * of Electron and of the server's modules so both sides (and their tests) can import it cheaply.
 */
import type { Seed } from '../org.js';

export interface StartRequest {
  type: 'start';
  db: string;
  /** Tried first; when it is taken, a free port is used instead (see `fallbackToFreePort`). */
  port: number;
  fallbackToFreePort: boolean;
  seed: Seed;
  rendererDir: string;
  /** The Electron-ABI better-sqlite3 binary; absent under plain Node. */
  nativeBinding?: string;
}

/** Opens and closes the workspace without serving it: "is this a workspace I can use?". */
export interface CheckRequest {
  type: 'check';
  db: string;
  nativeBinding?: string;
}

export interface BackupRequest {
  type: 'backup';
  id: number;
  dest: string;
}

export interface LoginUrlRequest {
  type: 'login-url';
  id: number;
}

export interface StopRequest {
  type: 'stop';
}

export type ToServer = StartRequest | CheckRequest | BackupRequest | LoginUrlRequest | StopRequest;

export interface ReadyMessage {
  type: 'ready';
  url: string;
  /** A one-time URL that signs the window in (the admin cookie; see README "Desktop app"). */
  loginUrl: string;
  createdOrg: boolean;
  seeded?: Seed;
  /** Only when this start generated the workspace's admin token: shown once. */
  generatedApiToken?: string;
}

export type FailureKind = 'workspace' | 'port' | 'other';

export interface FailedMessage {
  type: 'failed';
  kind: FailureKind;
  message: string;
}

export interface CheckedMessage {
  type: 'checked';
}

export interface ReplyMessage {
  type: 'reply';
  id: number;
  ok: boolean;
  value?: string;
  error?: string;
}

export interface StoppedMessage {
  type: 'stopped';
}

export type FromServer = ReadyMessage | FailedMessage | CheckedMessage | ReplyMessage | StoppedMessage;

const TYPES = new Set(['ready', 'failed', 'checked', 'reply', 'stopped']);

/** The utility process is ours, but a message is still data: check its shape before trusting it. */
export function isFromServer(m: unknown): m is FromServer {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  if (typeof t !== 'string' || !TYPES.has(t)) return false;
  const r = m as Record<string, unknown>;
  if (t === 'ready') return typeof r.url === 'string' && typeof r.loginUrl === 'string';
  if (t === 'failed') return typeof r.message === 'string' && typeof r.kind === 'string';
  if (t === 'reply') return typeof r.id === 'number' && typeof r.ok === 'boolean';
  return true;
}

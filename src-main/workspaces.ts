import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/*
 * Which workspace files the user has opened: the last one reopens on start, the others fill
 * File > Open Recent. Stored as a small JSON file in the app's userData folder.
 */

export const MAX_RECENT = 10;

/**
 * The workspace a first start creates: the same file `gatehouse serve` uses by default, so the
 * desktop app and the headless server share one workspace unless told otherwise. (src-server/cli.ts
 * has the same rule; test/unit/main-workspaces.test.ts keeps the two equal. It is not imported
 * from there because that would bundle the whole server into the main process.)
 */
export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Gatehouse', 'workspace.db');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Gatehouse', 'workspace.db');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'gatehouse', 'workspace.db');
}

interface Stored {
  recent: string[];
}

export class RecentWorkspaces {
  private recent: string[];

  constructor(private readonly file: string) {
    this.recent = RecentWorkspaces.read(file);
  }

  /** A missing or damaged list is an empty one: it is a convenience, never a reason not to start. */
  private static read(file: string): string[] {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored>;
      if (!Array.isArray(data.recent)) return [];
      return data.recent.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, MAX_RECENT);
    } catch {
      return [];
    }
  }

  /** Most recent first. */
  list(): string[] {
    return [...this.recent];
  }

  /** The workspace to reopen on start. */
  last(): string | undefined {
    return this.recent[0];
  }

  remember(path: string): void {
    const abs = resolve(path);
    this.recent = [abs, ...this.recent.filter((p) => p !== abs)].slice(0, MAX_RECENT);
    this.save();
  }

  forget(path: string): void {
    this.recent = this.recent.filter((p) => p !== resolve(path));
    this.save();
  }

  clear(): void {
    this.recent = [];
    this.save();
  }

  private save(): void {
    if (!existsSync(dirname(this.file))) mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ recent: this.recent } satisfies Stored, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** The workspace to open on start: the last one if it still exists, else the default (created from the demo seed). */
export function startupWorkspace(recent: RecentWorkspaces, fallback: string): string {
  const last = recent.last();
  return last && existsSync(last) ? last : fallback;
}

import { z } from 'zod';
import type { IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Channel, type DialogResult, type ServerInfo } from './desktop-api.js';
import { isSafeExternalUrl } from './security.js';

/*
 * Checklist 17: every IPC handler checks who is asking (the main frame of our window, showing the
 * current server's workbench or our crash page) and what it asks (a schema per channel) before
 * doing anything. A refused call rejects with a short reason and changes nothing.
 */

/** What a handler is given once the caller and its input are known good. */
export interface DesktopActions {
  serverInfo(): ServerInfo;
  openExternal(url: string): Promise<boolean>;
  newWorkspace(): Promise<DialogResult>;
  openWorkspace(): Promise<DialogResult>;
  saveWorkspaceCopy(): Promise<DialogResult>;
  saveTextFile(suggestedName: string, text: string): Promise<DialogResult>;
  restartServer(): Promise<void>;
}

const MAX_TEXT = 10 * 1024 * 1024;
const none = z.tuple([]);
const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine((n) => !/[/\\\0]/.test(n) && n !== '.' && n !== '..', 'a file name, not a path');

export const SCHEMAS = {
  [CHANNELS.serverInfo]: none,
  [CHANNELS.openExternal]: z.tuple([z.string().max(2048).refine(isSafeExternalUrl, 'an http(s) or mailto URL')]),
  [CHANNELS.newWorkspace]: none,
  [CHANNELS.openWorkspace]: none,
  [CHANNELS.saveWorkspaceCopy]: none,
  [CHANNELS.saveTextFile]: z.tuple([fileName, z.string().max(MAX_TEXT)]),
  [CHANNELS.restartServer]: none,
} satisfies Record<Channel, z.ZodType<unknown[]>>;

export interface TrustedCaller {
  /** The webContents id of the app window. */
  windowContentsId: () => number | undefined;
  /** Origin of the server the window shows. */
  serverOrigin: () => string | undefined;
  /** Exact URL of the crash page, while it is shown. */
  crashPageUrl: () => string | undefined;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Channels the crash page may use: it only offers a restart. */
const CRASH_PAGE_CHANNELS = new Set<Channel>([CHANNELS.restartServer, CHANNELS.openExternal]);

export function isTrustedSender(event: SenderEvent, channel: Channel, trust: TrustedCaller): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // main frame only, never an iframe
  if (event.sender.id !== trust.windowContentsId()) return false;
  const url = frame.url;
  const crash = trust.crashPageUrl();
  if (crash && url === crash) return CRASH_PAGE_CHANNELS.has(channel);
  try {
    return new URL(url).origin === trust.serverOrigin();
  } catch {
    return false;
  }
}

export class IpcRefused extends Error {
  override readonly name = 'IpcRefused';
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}

/** The handler for one channel, with its checks; exported for the tests. */
export function guardedHandler(channel: Channel, actions: DesktopActions, trust: TrustedCaller) {
  return async (event: SenderEvent, ...args: unknown[]): Promise<unknown> => {
    if (!isTrustedSender(event, channel, trust)) throw new IpcRefused(`${channel}: not allowed from this page`);
    const parsed = SCHEMAS[channel].safeParse(args);
    if (!parsed.success) throw new IpcRefused(`${channel}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const a = parsed.data as unknown[];
    switch (channel) {
      case CHANNELS.serverInfo:
        return actions.serverInfo();
      case CHANNELS.openExternal:
        return actions.openExternal(a[0] as string);
      case CHANNELS.newWorkspace:
        return actions.newWorkspace();
      case CHANNELS.openWorkspace:
        return actions.openWorkspace();
      case CHANNELS.saveWorkspaceCopy:
        return actions.saveWorkspaceCopy();
      case CHANNELS.saveTextFile:
        return actions.saveTextFile(a[0] as string, a[1] as string);
      case CHANNELS.restartServer:
        return actions.restartServer();
    }
  };
}

export function registerIpc(ipcMain: IpcMainLike, actions: DesktopActions, trust: TrustedCaller): void {
  for (const channel of Object.values(CHANNELS)) ipcMain.handle(channel, guardedHandler(channel, actions, trust));
}

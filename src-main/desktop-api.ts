/*
 * The typed API the preload exposes to the workbench as `window.gatehouse`, and the IPC channels
 * behind it. Desktop concerns only (DESIGN: the renderer is an HTTP client; IPC never carries data
 * of the workspace). Imported by the preload, the main process and src-renderer/src/desktop.d.ts.
 */

export const CHANNELS = {
  serverInfo: 'gatehouse:server-info',
  openExternal: 'gatehouse:open-external',
  newWorkspace: 'gatehouse:new-workspace',
  openWorkspace: 'gatehouse:open-workspace',
  saveWorkspaceCopy: 'gatehouse:save-workspace-copy',
  saveTextFile: 'gatehouse:save-text-file',
  restartServer: 'gatehouse:restart-server',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

export interface ServerInfo {
  /** The org URL, also the page's origin. */
  serverUrl: string;
  /** Issuer of the `default` custom authorization server. */
  issuerUrl: string;
  /** The workspace file. */
  workspace: string;
}

/** The outcome of a file dialog: cancelled, done (with the file), or refused with a sentence saying why. */
export type DialogResult = { status: 'cancelled' } | { status: 'done'; path: string } | { status: 'failed'; message: string };

export interface GatehouseDesktop {
  readonly desktop: true;
  readonly appVersion: string;
  /**
   * Not given in the desktop app: the window is signed in with the server's HttpOnly admin cookie
   * (the same one-time-URL route a browser uses), so the token never reaches page scripts.
   */
  readonly adminToken?: undefined;
  serverInfo(): Promise<ServerInfo>;
  /** Opens an http(s) or mailto link in the system browser / mail client. */
  openExternal(url: string): Promise<boolean>;
  newWorkspace(): Promise<DialogResult>;
  openWorkspace(): Promise<DialogResult>;
  saveWorkspaceCopy(): Promise<DialogResult>;
  /** A save dialog for text the workbench made (an export, a token): the user picks where. */
  saveTextFile(suggestedName: string, text: string): Promise<DialogResult>;
  restartServer(): Promise<void>;
}

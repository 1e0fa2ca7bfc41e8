import type { MenuItemConstructorOptions } from 'electron';

/* The running server's status for the tray (and the macOS dock menu): where it is, and shortcuts. */

export type ServerStatus = { state: 'starting' } | { state: 'running'; url: string; workspace: string } | { state: 'crashed'; workspace: string } | { state: 'stopped' };

export function issuerUrl(orgUrl: string, authServerId = 'default'): string {
  return `${orgUrl}/oauth2/${authServerId}`;
}

export function statusLine(s: ServerStatus): string {
  switch (s.state) {
    case 'starting':
      return 'Gatehouse: starting the server…';
    case 'running':
      return `Gatehouse: serving ${s.url}`;
    case 'crashed':
      return 'Gatehouse: the server stopped unexpectedly';
    case 'stopped':
      return 'Gatehouse: server stopped';
  }
}

export interface StatusActions {
  showWindow(): void;
  copy(text: string): void;
  restartServer(): void;
  quit(): void;
}

export function statusMenuTemplate(s: ServerStatus, actions: StatusActions, withQuit: boolean): MenuItemConstructorOptions[] {
  const running = s.state === 'running';
  return [
    { label: statusLine(s), enabled: false },
    { type: 'separator' },
    { label: 'Show Gatehouse', click: () => actions.showWindow() },
    { label: 'Copy Org URL', enabled: running, click: () => running && actions.copy(s.url) },
    { label: 'Copy Issuer URL (default)', enabled: running, click: () => running && actions.copy(issuerUrl(s.url)) },
    { label: 'Restart Server', enabled: s.state === 'running' || s.state === 'crashed', click: () => actions.restartServer() },
    ...(withQuit ? [{ type: 'separator' as const }, { label: 'Quit Gatehouse', click: () => actions.quit() }] : []),
  ];
}

export function windowTitle(workspace: string | undefined, s: ServerStatus): string {
  if (!workspace) return 'Gatehouse';
  const name = workspace.split(/[\\/]/).pop() ?? workspace;
  const suffix = s.state === 'running' ? ` — ${s.url}` : s.state === 'crashed' ? ' — server stopped' : '';
  return `${name} (${workspace}) — Gatehouse${suffix}`;
}

export function aboutText(v: { app: string; electron?: string; chrome?: string; node: string; workspace?: string; url?: string }): string {
  return [
    `Gatehouse ${v.app}`,
    'An offline workbench and local stand-in for Okta’s API Access Management.',
    '',
    `Electron ${v.electron ?? '-'} · Chromium ${v.chrome ?? '-'} · Node ${v.node}`,
    v.workspace ? `Workspace: ${v.workspace}` : 'No workspace open',
    v.url ? `Server: ${v.url}` : '',
  ]
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .join('\n');
}

import { describe, expect, it, vi } from 'vitest';

// The preload with `electron` replaced by a test double: what does the page get?
const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (..._args: unknown[]) => 'answer');
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke, send: vi.fn(), on: vi.fn() },
}));

process.argv.push('--gatehouse-version=9.8.7');
await import('../../src-main/preload.js');

describe('preload', () => {
  it('exposes one object, window.gatehouse, with the typed API and nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['gatehouse']);
    const api = exposed.gatehouse as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(
      ['appVersion', 'desktop', 'newWorkspace', 'openExternal', 'openWorkspace', 'restartServer', 'saveTextFile', 'saveWorkspaceCopy', 'serverInfo'].sort(),
    );
    expect(api.desktop).toBe(true);
    expect(api.appVersion).toBe('9.8.7');
    // The window signs in with the HttpOnly admin cookie; no token is handed to page scripts.
    expect(api.adminToken).toBeUndefined();
    for (const v of Object.values(api)) expect(v).not.toHaveProperty('invoke');
  });

  it('each function is one invoke on its own channel, passing only its arguments', async () => {
    const api = exposed.gatehouse as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await api.serverInfo!();
    await api.openExternal!('https://example.com');
    await api.saveTextFile!('a.json', '{}');
    await api.restartServer!();
    expect(invoke.mock.calls).toEqual([
      ['gatehouse:server-info'],
      ['gatehouse:open-external', 'https://example.com'],
      ['gatehouse:save-text-file', 'a.json', '{}'],
      ['gatehouse:restart-server'],
    ]);
  });
});

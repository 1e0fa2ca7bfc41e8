import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, sdkClient, all, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

test('the SDK lists the default authorization server', async () => {
  const client = sdkClient(s.url);
  const servers = await all(client.authorizationServerApi.listAuthorizationServers({}));
  expect(servers.map((x) => x.id)).toEqual(['default']);
});

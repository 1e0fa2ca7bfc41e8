import { afterAll, beforeAll, expect, test } from 'vitest';
import * as client from 'openid-client';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/* The device authorization grant (RFC 8628) with the demo's Orders CLI, through openid-client. */

let s: TestServer;
let issuer = '';
let cliId = '';
beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  issuer = ((await (await s.api('/api/v1/authorizationServers')).json()) as { name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!.issuer;
  cliId = ((await (await s.api('/api/v1/apps?q=Orders CLI')).json()) as { credentials: { oauthClient: { client_id: string } } }[])[0]!.credentials.oauthClient.client_id;
});
afterAll(async () => {
  await s.close();
});

/** A person at the activation page: opens it, enters the code, signs in. */
async function activate(userCode: string, username: string, decision = 'allow') {
  const page = await fetch(`${s.url}/activate?user_code=${userCode}`);
  const html = await page.text();
  expect(html).toContain(`value="${userCode}"`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  return fetch(`${s.url}/activate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrf, user_code: userCode.toLowerCase(), username, password: DEMO_PASSWORD, decision }),
  });
}

test('a CLI gets tokens once the person approves at /activate; early polls are told to wait', async () => {
  const config = await client.discovery(new URL(issuer), cliId, undefined, client.None(), { execute: [client.allowInsecureRequests] });
  const device = await client.initiateDeviceAuthorization(config, { scope: 'openid orders:read offline_access' });
  expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
  expect(device.verification_uri).toBe(`${s.url}/activate`);
  expect(device.verification_uri_complete).toBe(`${s.url}/activate?user_code=${device.user_code}`);
  expect([device.expires_in, device.interval]).toEqual([600, 5]);

  const poll = () => fetch(`${issuer}/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: cliId }) });
  expect(await (await poll()).json()).toEqual({ error: 'authorization_pending', error_description: 'The device authorization is pending. Please try again later.' });
  expect(await (await poll()).json()).toEqual({ error: 'slow_down', error_description: 'Slow down the polling frequency. Please try again later.' });

  const approved = await activate(device.user_code, 'grace@example.com');
  expect(approved.status).toBe(200);
  expect(await approved.text()).toContain('Your device is activated');

  const tokens = await client.pollDeviceAuthorizationGrant(config, device);
  expect(tokens.scope).toBe('openid orders:read offline_access');
  expect(tokens.refresh_token).toBeTruthy();
  expect(tokens.claims()!.preferred_username).toBeUndefined();
  // Single use: the device code is spent.
  expect((await (await poll()).json()).error).toBe('invalid_grant');
});

test('a wrong code, a cancel and an unknown device code get their answers', async () => {
  const config = await client.discovery(new URL(issuer), cliId, undefined, client.None(), { execute: [client.allowInsecureRequests] });
  const bad = await activate('BCDFGHJK', 'grace@example.com');
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('The user code is invalid or has expired.');

  const device = await client.initiateDeviceAuthorization(config, { scope: 'orders:read' });
  expect((await activate(device.user_code, 'grace@example.com', 'deny')).status).toBe(200);
  await expect(client.pollDeviceAuthorizationGrant(config, device)).rejects.toMatchObject({ error: 'access_denied' });

  const res = await fetch(`${issuer}/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'nope', client_id: cliId }) });
  expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'The device code is invalid or has expired.' });
  const portal = await fetch(`${issuer}/v1/device/authorize`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: ((await (await s.api('/api/v1/apps?q=Orders SPA')).json()) as { credentials: { oauthClient: { client_id: string } } }[])[0]!.credentials.oauthClient.client_id, scope: 'openid' }) });
  expect((await portal.json()).error).toBe('unauthorized_client');
}, 20_000);

import { afterAll, beforeAll, expect, test } from 'vitest';
import type okta from '@okta/okta-sdk-nodejs';
import { startTestServer, sdkClient, all, snapshot, type TestServer } from '../helpers/server.js';

/* Okta's Trusted Origins through the Okta SDK, and their effect: CORS on the protocol endpoints. */

let s: TestServer;
let client: okta.Client;
beforeAll(async () => {
  s = await startTestServer({ seed: 'none' });
  client = sdkClient(s.url);
});
afterAll(async () => {
  await s.close();
});

const preflight = (origin: string) =>
  fetch(`${s.url}/oauth2/default/v1/token`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });

test('the SDK creates, lists, replaces, deactivates and deletes a trusted origin; CORS follows it', async () => {
  expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  const created = await client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: 'Shop', origin: 'https://app.example.com', scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] } });
  expect(created.id).toMatch(/^tos[A-Za-z0-9]{17}$/);
  expect(created.status).toBe('ACTIVE');
  expect(created.scopes!.map((x) => x.type)).toEqual(['CORS', 'REDIRECT']);
  expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');

  const listed = await all(client.trustedOriginApi.listTrustedOrigins({ q: 'Sh' }));
  expect(listed.map((x) => x.origin)).toEqual(['https://app.example.com']);
  const replaced = await client.trustedOriginApi.replaceTrustedOrigin({ trustedOriginId: created.id!, trustedOrigin: { name: 'Shop', origin: 'https://app.example.com', scopes: [{ type: 'REDIRECT' }] } });
  expect(replaced.scopes!.map((x) => x.type)).toEqual(['REDIRECT']);
  expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBeNull();

  await client.trustedOriginApi.replaceTrustedOrigin({ trustedOriginId: created.id!, trustedOrigin: { name: 'Shop', origin: 'https://app.example.com', scopes: [{ type: 'CORS' }] } });
  const off = await client.trustedOriginApi.deactivateTrustedOrigin({ trustedOriginId: created.id! });
  expect(off.status).toBe('INACTIVE');
  expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  expect((await client.trustedOriginApi.activateTrustedOrigin({ trustedOriginId: created.id! })).status).toBe('ACTIVE');
  expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');

  await client.trustedOriginApi.deleteTrustedOrigin({ trustedOriginId: created.id! });
  await expect(client.trustedOriginApi.getTrustedOrigin({ trustedOriginId: created.id! })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
});

test('bad input names the field and changes nothing', async () => {
  await s.api('/api/v1/trustedOrigins', { method: 'POST', body: JSON.stringify({ name: 'Taken', origin: 'https://taken.example', scopes: [{ type: 'CORS' }] }) });
  const before = snapshot(s);
  for (const [body, field] of [
    [{ name: 'x', origin: 'https://a.example/path', scopes: [{ type: 'CORS' }] }, 'origin'],
    [{ name: 'x', origin: 'javascript:alert(1)', scopes: [{ type: 'CORS' }] }, 'origin'],
    [{ name: 'x', origin: 'https://b.example', scopes: [] }, 'scopes'],
    [{ name: 'x', origin: 'https://b.example', scopes: [{ type: 'EVERYTHING' }] }, 'scopes.0.type'],
    [{ name: 'Taken', origin: 'https://c.example', scopes: [{ type: 'CORS' }] }, 'name'],
    [{ name: 'New', origin: 'https://taken.example', scopes: [{ type: 'CORS' }] }, 'origin'],
  ] as const) {
    const res = await s.api('/api/v1/trustedOrigins', { method: 'POST', body: JSON.stringify(body) });
    const json = await res.json();
    expect([field, res.status, json.errorCode]).toEqual([field, 400, 'E0000001']);
    expect(json.errorCauses[0].errorSummary.startsWith(`${field}:`)).toBe(true);
  }
  expect(snapshot(s)).toBe(before);
});

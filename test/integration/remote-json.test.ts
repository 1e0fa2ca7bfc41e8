import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/* The relay the token inspector reads other issuers' discovery and keys through. */

let s: TestServer;
let other: TestServer;
beforeAll(async () => {
  [s, other] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([s.close(), other.close()]);
});

const relay = (body: unknown, auth = true) => s.api('/api/v1/gatehouse/remote-json', { method: 'POST', body: JSON.stringify(body), auth });

test("another issuer's discovery document and keys, as JSON with the status they came with", async () => {
  const discovery = await (await relay({ url: `${other.url}/oauth2/default/.well-known/openid-configuration` })).json();
  expect(discovery).toMatchObject({ ok: true, status: 200, json: { issuer: `${other.url}/oauth2/default`, jwks_uri: `${other.url}/oauth2/default/v1/keys` } });
  const keys = await (await relay({ url: discovery.json.jwks_uri })).json();
  expect(keys.json.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  const missing = await (await relay({ url: `${other.url}/oauth2/nope/v1/keys` })).json();
  expect(missing).toMatchObject({ ok: false, status: 404 });
});

test('what cannot be read is said in words; bad URLs are refused; the admin token is required', async () => {
  expect(await (await relay({ url: 'http://127.0.0.1:9/x' })).json()).toEqual({ ok: false, url: 'http://127.0.0.1:9/x', error: 'http://127.0.0.1:9 could not be reached.' });
  const html = await (await relay({ url: `${other.url}/login/signed-out` })).json();
  expect(html.error).toMatch(/did not answer JSON/);
  for (const [url, message] of [['file:///etc/passwd', 'url: Must be an http or https URL'], ['not a url', 'url: Must be an absolute URL'], ['http://a:b@127.0.0.1/', 'url: Must not carry credentials']]) {
    const r = await relay({ url });
    expect(r.status).toBe(400);
    expect((await r.json()).errorCauses[0].errorSummary).toBe(message);
  }
  expect((await relay({ url: `${other.url}/oauth2/default/v1/keys` }, false)).status).toBe(401);
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import * as client from 'openid-client';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * The token preview and the token endpoint share one code path; this holds them to it: the same
 * request through both gives the same claims (apart from the values that are unique per token).
 */

let s: TestServer;
const insecure = { execute: [client.allowInsecureRequests] };

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
});
afterAll(async () => {
  await s.close();
});

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8'));
/** Drops what is unique per token (jti) or per second (iat, exp, auth_time), keeping the lifetime. */
const unique = ({ jti: _j, iat, exp, auth_time: _a, ...rest }: Record<string, unknown>) => ({ ...rest, lifetime: (exp as number) - (iat as number) });

async function app(label: string) {
  const a = ((await (await s.api(`/api/v1/apps?q=${encodeURIComponent(label)}`)).json()) as { id: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[])[0]!;
  return { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
}

test('client credentials on a custom server: preview and token endpoint mint the same access token', async () => {
  const api = ((await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!;
  const svc = await app('Fulfilment Service');
  const preview = await (await s.api(`/api/v1/authorizationServers/${api.id}/preview`, { method: 'POST', body: JSON.stringify({ clientId: svc.clientId, grantType: 'client_credentials', scopes: ['orders:read', 'orders:write'] }) })).json();
  const config = await client.discovery(new URL(api.issuer), svc.clientId, undefined, client.ClientSecretPost(svc.secret!), insecure);
  const tokens = await client.clientCredentialsGrant(config, { scope: 'orders:read orders:write' });
  expect(headerOf(tokens.access_token)).toEqual(preview.tokens.access_token.header);
  expect(unique(decode(tokens.access_token))).toEqual(unique(preview.tokens.access_token.payload));
  expect(Object.keys(decode(tokens.access_token))).toEqual(Object.keys(preview.tokens.access_token.payload));
});

test('password grant on the default server: the same access token and ID token claims', async () => {
  // A password-grant client assigned to everyone; the default server's rule allows any scope.
  const created = await (await s.api('/api/v1/apps', {
    method: 'POST',
    body: JSON.stringify({
      name: 'oidc_client', label: 'Kiosk', signOnMode: 'OPENID_CONNECT',
      settings: { oauthClient: { application_type: 'native', grant_types: ['authorization_code', 'password', 'refresh_token'], redirect_uris: ['com.example.kiosk:/cb'] } },
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
    }),
  })).json();
  const everyone = ((await (await s.api('/api/v1/groups?q=Everyone')).json()) as { id: string }[])[0]!;
  await s.api(`/api/v1/apps/${created.id}/groups/${everyone.id}`, { method: 'PUT', body: '{}' });
  // A custom claim on each token, so definitions are compared too.
  await s.api('/api/v1/authorizationServers/default/claims', { method: 'POST', body: JSON.stringify({ name: 'dept', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'String.toUpperCase(user.department)', conditions: { scopes: [] } }) });
  await s.api('/api/v1/authorizationServers/default/claims', { method: 'POST', body: JSON.stringify({ name: 'team', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Orders', group_filter_type: 'STARTS_WITH', alwaysIncludeInToken: true, conditions: { scopes: [] } }) });
  const kiosk = await app('Kiosk');
  const scopes = ['openid', 'profile', 'email', 'offline_access'];
  const preview = await (await s.api('/api/v1/authorizationServers/default/preview', { method: 'POST', body: JSON.stringify({ clientId: kiosk.clientId, grantType: 'password', userId: 'grace@example.com', scopes }) })).json();
  expect(preview.result).toBe('granted');
  const config = await client.discovery(new URL(`${s.url}/oauth2/default`), kiosk.clientId, undefined, client.ClientSecretBasic(kiosk.secret!), insecure);
  const tokens = await client.genericGrantRequest(config, 'password', { username: 'grace@example.com', password: DEMO_PASSWORD, scope: scopes.join(' ') });

  const at = decode(tokens.access_token);
  expect(unique(at)).toEqual(unique(preview.tokens.access_token.payload));
  expect(at.dept).toBe('ENGINEERING');
  const id = decode(tokens.id_token!);
  // The endpoint adds at_hash (it needs the signed access token); everything else is the preview's.
  const { at_hash: atHash, ...idRest } = id;
  expect(atHash).toBeTruthy();
  expect(unique(idRest)).toEqual(unique(preview.tokens.id_token.payload));
  expect(id.team).toEqual(['Orders Staff', 'Orders Admins']);
  expect(preview.tokens.refresh_token).toBeTruthy();
  expect(tokens.refresh_token).toBeTruthy();

  // And the System Log recorded the real decision with the same rule as the preview's.
  const events = await (await s.api(`/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.as.token.grant.access_token"')}`)).json();
  const last = events[events.length - 1];
  expect(last.debugContext.debugData.ruleId).toBe(preview.decision.rule.id);
  expect(last.debugContext.debugData.trace).toEqual(preview.trace);
});

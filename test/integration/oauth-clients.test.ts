import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * The protocol endpoints through unmodified client libraries: openid-client, oauth4webapi and
 * Okta's own JWT verifier, against a real server on the demo org.
 */

let s: TestServer;
let ordersIssuer = '';
const apps: Record<string, { id: string; clientId: string; secret?: string }> = {};

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  const servers = (await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string; issuer: string }[];
  ordersIssuer = servers.find((x) => x.name === 'Orders API')!.issuer;
  // A native app that may use the password grant, assigned to everyone, on the default server.
  const created = await s.api('/api/v1/apps', {
    method: 'POST',
    body: JSON.stringify({
      name: 'oidc_client', label: 'Kiosk', signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: { oauthClient: { application_type: 'native', grant_types: ['authorization_code', 'password', 'refresh_token'], redirect_uris: ['com.example.kiosk:/callback'] } },
    }),
  });
  expect(created.status).toBe(200);
  const everyone = ((await (await s.api('/api/v1/groups?q=Everyone')).json()) as { id: string }[])[0]!;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[]) {
    apps[a.label] = { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  }
  expect((await s.api(`/api/v1/apps/${apps.Kiosk!.id}/groups/${everyone.id}`, { method: 'PUT', body: '{}' })).status).toBe(200);
});
afterAll(async () => {
  await s.close();
});

const insecure = { execute: [client.allowInsecureRequests] };

describe('openid-client', () => {
  test('discovers the custom server and gets a client-credentials token that Okta\'s verifier accepts', async () => {
    const fulfilment = apps['Fulfilment Service']!;
    const config = await client.discovery(new URL(ordersIssuer), fulfilment.clientId, undefined, client.ClientSecretPost(fulfilment.secret!), insecure);
    expect(config.serverMetadata().issuer).toBe(ordersIssuer);
    const tokens = await client.clientCredentialsGrant(config, { scope: 'orders:read orders:write' });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(600);
    expect(tokens.scope).toBe('orders:read orders:write');

    const verifier = new OktaJwtVerifier({ issuer: ordersIssuer, testing: { disableHttpsCheck: true } });
    const jwt = await verifier.verifyAccessToken(tokens.access_token, 'api://orders');
    expect(jwt.claims).toMatchObject({ ver: 1, iss: ordersIssuer, aud: 'api://orders', cid: fulfilment.clientId, sub: fulfilment.clientId, scp: ['orders:read', 'orders:write'] });
    expect(jwt.header).toMatchObject({ alg: 'RS256' });
    await expect(verifier.verifyAccessToken(tokens.access_token, 'api://other')).rejects.toThrow(/audience/i);

    const introspected = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspected).toMatchObject({ active: true, client_id: fulfilment.clientId, scope: 'orders:read orders:write', aud: 'api://orders' });
    await client.tokenRevocation(config, tokens.access_token);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  test('password grant: access, ID and refresh tokens; ID token signature checked; userinfo; refresh', async () => {
    const kiosk = apps.Kiosk!;
    const config = await client.discovery(new URL(`${s.url}/oauth2/default`), kiosk.clientId, undefined, client.ClientSecretBasic(kiosk.secret!), insecure);
    client.enableNonRepudiationChecks(config);
    const tokens = await client.genericGrantRequest(config, 'password', { username: 'ada@example.com', password: DEMO_PASSWORD, scope: 'openid profile email offline_access' });
    expect(tokens.scope).toBe('openid profile email offline_access');
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const idClaims = tokens.claims()!;
    const ada = ((await (await s.api('/api/v1/users/ada@example.com')).json()) as { id: string }).id;
    expect(idClaims).toMatchObject({ sub: ada, iss: `${s.url}/oauth2/default`, aud: kiosk.clientId, name: 'Ada Lovelace', email: 'ada@example.com', preferred_username: 'ada@example.com', amr: ['pwd'] });
    expect(idClaims.at_hash).toBeTruthy();

    const info = await client.fetchUserInfo(config, tokens.access_token, ada);
    expect(info).toMatchObject({ sub: ada, name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace', email: 'ada@example.com', email_verified: true, preferred_username: 'ada@example.com' });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    // Native apps default to STATIC refresh tokens: the same string comes back.
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()!.sub).toBe(ada);
    const narrowed = await client.refreshTokenGrant(config, tokens.refresh_token!, { scope: 'openid offline_access' });
    expect(narrowed.scope).toBe('openid offline_access');

    const verifier = new OktaJwtVerifier({ issuer: `${s.url}/oauth2/default`, testing: { disableHttpsCheck: true } });
    expect((await verifier.verifyIdToken(tokens.id_token!, kiosk.clientId)).claims.sub).toBe(ada);
    expect((await verifier.verifyAccessToken(refreshed.access_token, 'api://default')).claims).toMatchObject({ uid: ada, sub: 'ada@example.com' });

    await client.tokenRevocation(config, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
    // Revoking the refresh token revoked the access tokens minted from it.
    expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
  });

  test('errors reach the client with Okta\'s words', async () => {
    const fulfilment = apps['Fulfilment Service']!;
    const config = await client.discovery(new URL(ordersIssuer), fulfilment.clientId, undefined, client.ClientSecretPost('wrong-secret-123456'), insecure);
    await expect(client.clientCredentialsGrant(config, { scope: 'orders:read' })).rejects.toMatchObject({
      error: 'invalid_client', error_description: 'Client authentication failed. Either the client or the client credentials are invalid.', status: 401,
    });
  });
});

describe('oauth4webapi', () => {
  test('discovery (OAuth metadata), client credentials, introspection', async () => {
    const issuer = new URL(ordersIssuer);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true }));
    expect(as.grant_types_supported).toContain('client_credentials');
    const fulfilment = apps['Fulfilment Service']!;
    const c: oauth.Client = { client_id: fulfilment.clientId };
    const auth = oauth.ClientSecretPost(fulfilment.secret!);
    const response = await oauth.clientCredentialsGrantRequest(as, c, auth, new URLSearchParams({ scope: 'orders:read' }), { [oauth.allowInsecureRequests]: true });
    const result = await oauth.processClientCredentialsResponse(as, c, response);
    expect(result.scope).toBe('orders:read');
    const intro = await oauth.processIntrospectionResponse(as, c, await oauth.introspectionRequest(as, c, auth, result.access_token, { [oauth.allowInsecureRequests]: true }));
    expect(intro).toMatchObject({ active: true, sub: fulfilment.clientId, scope: 'orders:read' });
    const revoked = await oauth.revocationRequest(as, c, auth, result.access_token, { [oauth.allowInsecureRequests]: true });
    await oauth.processRevocationResponse(revoked);
  });

  test('the org authorization server discovery and keys', async () => {
    const issuer = new URL(s.url);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', [oauth.allowInsecureRequests]: true }));
    expect(as.issuer).toBe(s.url);
    expect(as.token_endpoint).toBe(`${s.url}/oauth2/v1/token`);
    const jwks = await (await fetch(as.jwks_uri!)).json();
    expect(jwks.keys.map((k: { kty: string; alg: string; use: string }) => [k.kty, k.alg, k.use])).toEqual([['RSA', 'RS256', 'sig'], ['RSA', 'RS256', 'sig']]);
  });
});

describe('discovery documents', () => {
  test('custom server: OIDC and OAuth metadata differ as Okta\'s do; scopes_supported follows metadataPublish', async () => {
    const oidc = await (await fetch(`${ordersIssuer}/.well-known/openid-configuration`)).json();
    const meta = await (await fetch(`${ordersIssuer}/.well-known/oauth-authorization-server`)).json();
    const rfc8414 = await (await fetch(`${s.url}/.well-known/oauth-authorization-server/oauth2/${ordersIssuer.split('/').pop()}`)).json();
    expect(rfc8414).toEqual(meta);
    expect(oidc.userinfo_endpoint).toBe(`${ordersIssuer}/v1/userinfo`);
    expect(meta.userinfo_endpoint).toBeUndefined();
    expect(oidc.grant_types_supported).not.toContain('client_credentials');
    expect(meta.grant_types_supported).toContain('client_credentials');
    expect(meta.claims_supported).toEqual(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'sub']);
    expect(oidc.scopes_supported).toEqual(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'device_sso', 'orders:read', 'orders:write', 'orders:admin', 'groups']);
    const res = await fetch(`${ordersIssuer}/v1/keys`);
    expect(res.headers.get('cache-control')).toBe('max-age=86400, must-revalidate');
    expect((await res.json()).keys).toHaveLength(2);
  });
});

import { describe, expect, test } from 'vitest';
import type { Claim, Scope } from '../../src-renderer/src/api/types.js';
import { checkAudience, checkIssuer, checkTimes, explainClaims, relative, serverForIssuer, type ServerRef } from '../../src-renderer/src/screens/inspector/explain.js';
import { scopeGlossary } from '../../src-renderer/src/screens/inspector/claims-glossary.js';

/* Issuer, audience and time checks, and each claim explained by the server's definition or the glossary. */

const ORG = 'http://127.0.0.1:4000';
const servers: ServerRef[] = [
  { id: null, name: 'Org authorization server', issuer: ORG, audiences: [ORG] },
  { id: 'aus1', name: 'Orders API', issuer: `${ORG}/oauth2/aus1`, audiences: ['api://orders'] },
  { id: 'default', name: 'default', issuer: `${ORG}/oauth2/default`, audiences: ['api://default'] },
];
const orders = servers[1]!;
const apps = [{ id: 'a1', label: 'Orders Portal', clientId: '0oaPortal' }, { id: 'a2', label: 'Fulfilment Service', clientId: '0oaFulfil' }];
const NOW = 1_700_000_000;

const claim = (c: Partial<Claim> & Pick<Claim, 'name' | 'claimType' | 'value'>): Claim => ({
  id: `ocl${c.name}`, status: 'ACTIVE', valueType: 'EXPRESSION', conditions: { scopes: [] }, system: false, alwaysIncludeInToken: true, ...c,
});
const defs: Claim[] = [
  claim({ name: 'sub', claimType: 'RESOURCE', value: '(appuser != null) ? appuser.userName : app.clientId', system: true }),
  claim({ name: 'department', claimType: 'RESOURCE', value: 'user.department' }),
  claim({ name: 'email', claimType: 'RESOURCE', value: 'user.email', conditions: { scopes: ['orders:read', 'orders:write'] } }),
  claim({ name: 'groups', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Orders', group_filter_type: 'STARTS_WITH', conditions: { scopes: ['groups'] } }),
  claim({ name: 'team', claimType: 'RESOURCE', value: 'user.team', status: 'INACTIVE' }),
];
const scopes = [{ name: 'orders:read', description: 'Read your orders' }, { name: 'orders:write', description: 'Create and change orders' }] as Scope[];

describe('relative times', () => {
  test.each([
    [NOW + 30, 'in 30 s'],
    [NOW + 3, 'now'],
    [NOW - 4, 'now'],
    [NOW + 14 * 60, 'in 14 min'],
    [NOW - 3 * 60, '3 min ago'],
    [NOW + 2 * 3600 + 5 * 60, 'in 2 h 5 min'],
    [NOW + 3600, 'in 1 h'],
    [NOW - 86400, '1 day ago'],
    [NOW - 4 * 86400, '4 days ago'],
    [NOW, 'now'],
  ])('%i', (t, words) => expect(relative(t, NOW)).toBe(words));
});

describe('time checks', () => {
  test('valid, with the time left and the lifetime', () => {
    const c = checkTimes({ iat: NOW - 60, exp: NOW + 540 }, NOW);
    expect(c[0]).toMatchObject({ status: 'ok', title: 'Valid for another 9 min' });
    expect(c[1]).toMatchObject({ status: 'info', title: 'Lifetime 10 min' });
  });
  test('expired, not yet valid, issued in the future, no exp, unreadable exp', () => {
    expect(checkTimes({ exp: NOW - 180 }, NOW)[0]).toMatchObject({ status: 'bad', title: 'Expired 3 min ago' });
    expect(checkTimes({ exp: NOW + 600, nbf: NOW + 300 }, NOW)[1]).toMatchObject({ status: 'bad', title: 'Not valid yet: usable in 5 min' });
    expect(checkTimes({ exp: NOW + 600, iat: NOW + 600 }, NOW).find((c) => c.status === 'warn')).toMatchObject({ title: 'Issued in the future (in 10 min)' });
    expect(checkTimes({}, NOW)[0]).toMatchObject({ status: 'warn', title: 'Never expires' });
    expect(checkTimes({ exp: NOW + 2 }, NOW)[0]).toMatchObject({ status: 'warn', title: 'Expires in a few seconds' });
    expect(checkTimes({ exp: 'soon' }, NOW)[0]).toMatchObject({ status: 'bad', title: 'Expiry unreadable' });
  });
});

describe('issuer and audience', () => {
  test('the server is picked by iss', () => {
    expect(serverForIssuer(`${ORG}/oauth2/aus1`, servers)?.name).toBe('Orders API');
    expect(serverForIssuer(ORG, servers)?.id).toBeNull();
    expect(serverForIssuer('https://other', servers)).toBeUndefined();
    expect(serverForIssuer(5, servers)).toBeUndefined();
  });

  test('iss: matches, another server of this workspace, a trailing slash, foreign, missing', () => {
    expect(checkIssuer({ iss: orders.issuer }, orders, servers)).toMatchObject({ status: 'ok', title: 'Issuer matches Orders API' });
    expect(checkIssuer({ iss: `${ORG}/oauth2/default` }, orders, servers)).toMatchObject({ status: 'bad', title: 'Issued by default, not Orders API' });
    expect(checkIssuer({ iss: `${orders.issuer}/` }, orders, servers)).toMatchObject({ status: 'bad', title: 'Issuer differs by a trailing slash' });
    expect(checkIssuer({ iss: 'https://dev-1.okta.com' }, orders, servers)).toMatchObject({ status: 'bad', title: 'Issuer is not this workspace' });
    expect(checkIssuer({}, orders, servers)).toMatchObject({ status: 'bad', title: 'No issuer' });
  });

  test('aud of an access token is the server audience; of an ID token, a client id', () => {
    expect(checkAudience({ aud: 'api://orders' }, 'access', orders, apps)).toMatchObject({ status: 'ok', title: 'Audience matches Orders API' });
    expect(checkAudience({ aud: ['x', 'api://orders'] }, 'access', orders, apps)).toMatchObject({ status: 'ok' });
    expect(checkAudience({ aud: 'api://default' }, 'access', orders, apps)).toMatchObject({ status: 'bad', detail: expect.stringContaining('api://orders') });
    expect(checkAudience({ aud: '0oaPortal' }, 'id', orders, apps)).toMatchObject({ status: 'ok', title: 'Audience is the client “Orders Portal”' });
    expect(checkAudience({ aud: '0oaNobody' }, 'id', orders, apps)).toMatchObject({ status: 'bad', title: 'Audience is not a client of this workspace' });
    expect(checkAudience({ aud: ORG }, 'access', servers[0]!, apps)).toMatchObject({ status: 'ok' });
    expect(checkAudience({}, 'access', orders, apps)).toMatchObject({ status: 'bad', title: 'No audience' });
    expect(checkAudience({ aud: 7 }, 'access', orders, apps)).toMatchObject({ status: 'bad', title: 'No audience' });
  });
});

describe('claims explained', () => {
  const payload = { ver: 1, iss: orders.issuer, exp: NOW + 600, cid: '0oaPortal', scp: ['orders:read', 'openid', 'custom:x'], sub: 'ada@example.com', department: 'Research', email: 'ada@example.com', team: 'blue', x_custom: 1, uid: '00u1' };
  const rows = Object.fromEntries(explainClaims(payload, 'access', NOW, defs, scopes, apps).map((r) => [r.name, r]));

  test('a claim the server defines shows its expression and scope condition, checked against scp', () => {
    expect(rows.department!.meaning).toMatchObject({ kind: 'definition', claim: { value: 'user.department' }, condition: 'Included whatever scopes are granted.' });
    expect(rows.email!.meaning).toMatchObject({ kind: 'definition', granted: true, condition: 'Included when any of orders:read, orders:write is granted (here: orders:read).' });
    expect(rows.sub!.meaning).toMatchObject({ kind: 'definition', claim: { system: true }, standard: { label: 'Subject' } });
  });

  test('standard claims get their glossary meaning; unknown ones say so; inactive definitions are named', () => {
    expect(rows.ver!.meaning).toMatchObject({ kind: 'glossary', entry: { source: 'Okta' } });
    expect(rows.x_custom!.meaning).toEqual({ kind: 'unknown', inactive: undefined });
    expect(rows.team!.meaning).toMatchObject({ kind: 'unknown', inactive: { name: 'team', status: 'INACTIVE' } });
  });

  test('dates, the client, and each scope with its description', () => {
    expect(rows.exp!.time).toMatchObject({ relative: 'in 10 min' });
    expect(rows.cid!.about).toBe('The client id of “Orders Portal”.');
    expect(rows.scp!.scopes).toEqual([
      { name: 'orders:read', description: 'Read your orders' },
      { name: 'openid', description: scopeGlossary('openid') },
      { name: 'custom:x', description: undefined },
    ]);
  });

  test('an ID token uses IDENTITY definitions, an access token RESOURCE ones', () => {
    const id = explainClaims({ groups: ['Orders Staff'], aud: '0oaPortal' }, 'id', NOW, defs, scopes, apps);
    expect(id[0]!.meaning).toMatchObject({ kind: 'definition', claim: { valueType: 'GROUPS' }, condition: expect.stringContaining('groups') });
    expect(id[1]!.about).toBe('The client id of “Orders Portal”.');
    const access = explainClaims({ groups: ['x'] }, 'access', NOW, defs, scopes, apps);
    expect(access[0]!.meaning.kind).toBe('glossary');
  });

  test('a client-credentials sub names the client; Okta management scopes are described', () => {
    const cc = explainClaims({ sub: '0oaFulfil', cid: '0oaFulfil' }, 'access', NOW, [], [], apps);
    expect(cc[0]!.about).toBe('The client id of “Fulfilment Service”.');
    expect(scopeGlossary('okta.users.read')).toBe('Okta Management API: read users.');
    expect(scopeGlossary('okta.apps.manage')).toBe('Okta Management API: read and change apps.');
  });
});

import { describe, expect, test } from 'vitest';
import { blockedLabel, buildGrid, cellsGranting, compactGrid } from '../../src-renderer/src/screens/auth-server/matrix/model.js';
import { NO_RULE, REFUSED_FOR_GRANT, type MatrixResult } from '../../src-renderer/src/screens/auth-server/matrix/types.js';
import { draftProblems, toRequest } from '../../src-renderer/src/screens/auth-server/preview/PreviewForm.js';
import { minutesInWords } from '../../src-renderer/src/screens/auth-server/preview/grants.js';
import { EMPTY_DRAFT } from '../../src-renderer/src/screens/auth-server/preview/store.js';
import type { OktaApp } from '../../src-renderer/src/api/types.js';

/* The renderer's reading of the access matrix and the token preview's request. */

const matrix: MatrixResult = {
  scopes: ['openid', 'orders:read', 'orders:write'],
  subjects: [{ type: 'group', id: 'g1', name: 'Staff' }, { type: 'group', id: 'g2', name: 'Partners' }],
  clients: [{ clientId: 'c1', label: 'Portal' }, { clientId: 'c2', label: 'Service' }],
  grantTypes: ['authorization_code', 'client_credentials'],
  rules: [{ policyId: 'p1', policyName: 'Apps', ruleId: 'r1', ruleName: 'Staff rule' }, { policyId: 'p1', policyName: 'Apps', ruleId: 'r2', ruleName: 'Everyone rule' }],
  rows: [
    { clientId: 'c1', grantType: 'authorization_code', subject: 0, cells: [0, 0, 0] },
    { clientId: 'c1', grantType: 'authorization_code', subject: 1, cells: [1, 1, NO_RULE] },
    { clientId: 'c2', grantType: 'authorization_code', subject: 0, denied: '"Service" is not allowed the Authorization Code grant.', cells: [NO_RULE, NO_RULE, NO_RULE] },
    { clientId: 'c2', grantType: 'authorization_code', subject: 1, denied: '"Service" is not allowed the Authorization Code grant.', cells: [NO_RULE, NO_RULE, NO_RULE] },
    { clientId: 'c1', grantType: 'client_credentials', subject: -1, denied: '"Portal" is not allowed the Client Credentials grant.', cells: [NO_RULE, NO_RULE, NO_RULE] },
    { clientId: 'c2', grantType: 'client_credentials', subject: -1, cells: [REFUSED_FOR_GRANT, 1, NO_RULE] },
  ],
  refusals: { client_credentials: { openid: "Client credentials tokens cannot carry 'openid'." } },
};

describe('the access matrix grid', () => {
  test('cells are classified against the scopes in view', () => {
    const all = buildGrid(matrix, 'authorization_code', () => true);
    expect(all.columns.map((c) => c.name)).toEqual(['Staff', 'Partners']);
    expect(all.rows[0].cells.map((c) => c.status)).toEqual(['all', 'some']);
    expect(all.rows[1].cells.map((c) => c.status)).toEqual(['blocked', 'blocked']);
    expect(all.rows[0].cells[1].missing).toEqual(['orders:write']);
    // With openid hidden, Partners still lack orders:write; a cell granting only what is hidden is "none".
    const api = buildGrid(matrix, 'authorization_code', (s) => s !== 'openid');
    expect(api.rows[0].cells[1]).toMatchObject({ status: 'some', grantedInView: 1, inView: 2 });
    const readOnly = buildGrid(matrix, 'authorization_code', (s) => s === 'orders:write');
    expect(readOnly.rows[0].cells[1].status).toBe('none');
  });

  test('grants without a user have one column, and refusals say why', () => {
    const g = buildGrid(matrix, 'client_credentials', () => true);
    expect(g.columns).toEqual([{ subject: -1, id: 'client', name: 'The client itself (no user)', type: 'client' }]);
    const service = g.rows[1].cells[0];
    expect(service.refused).toEqual([{ scope: 'openid', why: "Client credentials tokens cannot carry 'openid'." }]);
    expect(service.granted).toEqual([{ scope: 'orders:read', rule: 1 }]);
  });

  test('"who can get" finds exactly the cells that grant the scope', () => {
    const g = buildGrid(matrix, 'authorization_code', () => true);
    expect(cellsGranting(g, 'orders:write').map((c) => `${c.clientLabel} × ${c.subjectName}`)).toEqual(['Portal × Staff']);
    expect(cellsGranting(g, 'orders:read').length).toBe(2);
  });

  test('the compact grid drops clients and columns turned away everywhere', () => {
    const g = compactGrid(buildGrid(matrix, 'authorization_code', () => true));
    expect(g.rows.map((r) => r.label)).toEqual(['Portal']);
    expect(g.columns.length).toBe(2);
  });

  test('why a cell is turned away, in two words', () => {
    expect(blockedLabel('Members of Everyone are not assigned to "Orders SPA".')).toBe('Not assigned');
    expect(blockedLabel('"Fulfilment Service" is not allowed the Authorization Code grant.')).toBe('Grant not enabled');
    expect(blockedLabel('"Orders SPA" is inactive.')).toBe('App inactive');
    expect(blockedLabel('bob@example.com is LOCKED_OUT.')).toBe('User locked out');
  });
});

describe('the token preview request', () => {
  const app = (grants: string[]) => ({ settings: { oauthClient: { grant_types: grants } } }) as unknown as OktaApp;
  test('says what is missing, field by field', () => {
    expect(draftProblems(EMPTY_DRAFT)).toEqual({ client: 'Choose the client that asks for the token.' });
    const client = { id: 'c1', label: 'Portal', value: app(['authorization_code']) };
    expect(draftProblems({ ...EMPTY_DRAFT, client, grantType: 'authorization_code' }).user).toBe('The Authorization Code grant needs a user: search by name or login.');
    expect(draftProblems({ ...EMPTY_DRAFT, client, grantType: 'client_credentials' })).toEqual({});
    expect(draftProblems({ ...EMPTY_DRAFT, client: { ...client, value: app(['interaction_code']) } }).grant).toBe('This client has no grant the preview can play.');
  });

  test('builds the body the preview API takes', () => {
    const client = { id: 'c1', label: 'Portal', value: app(['authorization_code', 'refresh_token']) };
    const user = { id: 'u1', label: 'Grace', value: {} as never };
    expect(toRequest({ ...EMPTY_DRAFT, client, grantType: 'authorization_code', user, scopes: ['openid'], nonce: ' n1 ' })).toEqual({
      clientId: 'c1', grantType: 'authorization_code', userId: 'u1', scopes: ['openid'], nonce: 'n1',
    });
    expect(toRequest({ ...EMPTY_DRAFT, client, grantType: 'refresh_token', user })).toEqual({ clientId: 'c1', grantType: 'refresh_token', originalGrantType: 'authorization_code', userId: 'u1' });
    // A user chosen before switching to client credentials is not sent.
    expect(toRequest({ ...EMPTY_DRAFT, client, grantType: 'client_credentials', user, prompt: 'none' })).toEqual({ clientId: 'c1', grantType: 'client_credentials', prompt: ['none'] });
  });

  test('lifetimes in words', () => {
    expect(minutesInWords(15)).toBe('15 minutes');
    expect(minutesInWords(60)).toBe('1 hour');
    expect(minutesInWords(480)).toBe('8 hours');
    expect(minutesInWords(10080)).toBe('7 days');
    expect(minutesInWords(1)).toBe('1 minute');
  });
});

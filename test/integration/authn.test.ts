import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, snapshot, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

let s: TestServer;
let now = Date.parse('2026-03-01T10:00:00.000Z');
beforeAll(async () => {
  s = await startTestServer({ seed: 'demo', now: () => now });
});
afterAll(async () => {
  await s.close();
});

const authn = (body: unknown) => s.api('/api/v1/authn', { method: 'POST', body: JSON.stringify(body), auth: false });
const userId = async (login: string) => ((await (await s.api(`/api/v1/users/${login}`)).json()) as { id: string }).id;

async function expectFailed(res: Response) {
  expect(res.status).toBe(401);
  const body = await res.json();
  expect(body).toMatchObject({ errorCode: 'E0000004', errorSummary: 'Authentication failed', errorLink: 'E0000004', errorCauses: [] });
}

describe('POST /api/v1/authn', () => {
  test('good credentials answer SUCCESS with a session token valid for 5 minutes and the user', async () => {
    const res = await authn({ username: 'ada@example.com', password: DEMO_PASSWORD, options: { multiOptionalFactorEnroll: false } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'SUCCESS',
      expiresAt: '2026-03-01T10:05:00.000Z',
      _embedded: { user: { id: await userId('ada@example.com'), profile: { login: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', locale: 'en_US' } } },
    });
    expect(body.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The token is stored hashed only.
    expect(JSON.stringify(s.server.store.db.prepare('SELECT * FROM session_tokens').all())).not.toContain(body.sessionToken);
    const user = await (await s.api('/api/v1/users/ada@example.com')).json();
    expect(user.lastLogin).toBe('2026-03-01T10:00:00.000Z');
  });

  test('the session token is single use and expires after 5 minutes', async () => {
    const store = s.server.store;
    const first = (await (await authn({ username: 'alan@example.com', password: DEMO_PASSWORD })).json()).sessionToken as string;
    const second = (await (await authn({ username: 'alan@example.com', password: DEMO_PASSWORD })).json()).sessionToken as string;
    const alan = await userId('alan@example.com');
    expect(store.sessionTokens.consume(first, new Date(now).toISOString())).toBe(alan);
    expect(store.sessionTokens.consume(first, new Date(now).toISOString())).toBeUndefined();
    expect(store.sessionTokens.consume(second, new Date(now + 5 * 60_000).toISOString())).toBeUndefined();
  });

  test.each([
    ['a wrong password', { username: 'grace@example.com', password: 'Wrong-Password-1' }],
    ['an unknown user', { username: 'nobody@example.com', password: DEMO_PASSWORD }],
    ['a wrong-case password', { username: 'grace@example.com', password: DEMO_PASSWORD.toLowerCase() }],
  ])('%s gets E0000004 without saying which part was wrong', async (_label, body) => {
    await expectFailed(await authn(body));
  });

  test('missing fields are a validation error naming them', async () => {
    const res = await authn({ username: 'ada@example.com' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'password: The field cannot be left blank' }] });
  });

  test('suspended and deactivated users cannot sign in, and are told nothing more', async () => {
    const katherine = await userId('katherine@example.com');
    expect((await s.api(`/api/v1/users/${katherine}/lifecycle/suspend`, { method: 'POST' })).status).toBe(200);
    await expectFailed(await authn({ username: 'katherine@example.com', password: DEMO_PASSWORD }));
    expect((await s.api(`/api/v1/users/${katherine}/lifecycle/unsuspend`, { method: 'POST' })).status).toBe(200);
    expect((await authn({ username: 'katherine@example.com', password: DEMO_PASSWORD })).status).toBe(200);
    expect((await s.api(`/api/v1/users/${katherine}/lifecycle/deactivate`, { method: 'POST' })).status).toBe(200);
    await expectFailed(await authn({ username: 'katherine@example.com', password: DEMO_PASSWORD }));
  });

  test('ten wrong passwords in a row lock the user out; an admin unlock lets them in again', async () => {
    const grace = await userId('grace@example.com');
    for (let i = 0; i < 10; i++) await expectFailed(await authn({ username: 'grace@example.com', password: `Wrong-${i}-Pass` }));
    expect((await (await s.api(`/api/v1/users/${grace}`)).json()).status).toBe('LOCKED_OUT');
    // Even the right password fails now, with the same answer (Okta hides lockout by default).
    const before = snapshot(s);
    await expectFailed(await authn({ username: 'grace@example.com', password: DEMO_PASSWORD }));
    expect(snapshot(s)).toBe(before);
    expect((await s.api(`/api/v1/users/${grace}/lifecycle/unlock`, { method: 'POST' })).status).toBe(200);
    expect((await authn({ username: 'grace@example.com', password: DEMO_PASSWORD })).status).toBe(200);
  });

  test('a user whose password has expired is told so, without a session token', async () => {
    const ada = await userId('ada@example.com');
    const expired = await s.api(`/api/v1/users/${ada}/lifecycle/expire_password`, { method: 'POST' });
    expect((await expired.json()).status).toBe('PASSWORD_EXPIRED');
    const res = await authn({ username: 'ada@example.com', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('PASSWORD_EXPIRED');
    expect(body.sessionToken).toBeUndefined();
    expect(body.stateToken).toBeTruthy();
  });
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/* A password reset, then a password set by the admin: the user is ACTIVE again and can sign in. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
});
afterAll(async () => {
  await s.close();
});

const NEW_PASSWORD = 'Brand-new-Pass-42';

for (const [name, action] of [['reset_password', 'RECOVERY'], ['expire_password', 'PASSWORD_EXPIRED']] as const) {
  test(`after ${name} (${action}), a password set by the admin makes the user ACTIVE and lets them sign in`, async () => {
    const user = (await (await s.api('/api/v1/users/alan@example.com')).json()) as { id: string; profile: Record<string, unknown> };
    const lc = await s.api(`/api/v1/users/${user.id}/lifecycle/${name}?sendEmail=false`, { method: 'POST' });
    expect(lc.status).toBe(200);
    expect(((await (await s.api(`/api/v1/users/${user.id}`)).json()) as { status: string }).status).toBe(action);

    const set = await s.api(`/api/v1/users/${user.id}`, { method: 'POST', body: JSON.stringify({ credentials: { password: { value: NEW_PASSWORD } } }) });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { status: string }).status).toBe('ACTIVE');
    const authn = await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username: 'alan@example.com', password: NEW_PASSWORD }) });
    expect(((await authn.json()) as { status: string }).status).toBe('SUCCESS');
  });
}

test('a profile-only update leaves a user in RECOVERY where they are', async () => {
  const user = (await (await s.api('/api/v1/users/katherine@example.com')).json()) as { id: string };
  await s.api(`/api/v1/users/${user.id}/lifecycle/reset_password?sendEmail=false`, { method: 'POST' });
  const upd = await s.api(`/api/v1/users/${user.id}`, { method: 'POST', body: JSON.stringify({ profile: { nickName: 'Kat' } }) });
  expect(upd.status).toBe(200);
  expect(((await upd.json()) as { status: string }).status).toBe('RECOVERY');
});

test("a user's _links offer password actions only where the server allows them", async () => {
  const create = await s.api('/api/v1/users?activate=false', { method: 'POST', body: JSON.stringify({ profile: { login: 'links@example.com', email: 'links@example.com', firstName: 'L', lastName: 'K' } }) });
  const staged = (await create.json()) as { id: string; status: string; _links: Record<string, unknown> };
  expect(staged.status).toBe('STAGED');
  expect(staged._links.resetPassword).toBeUndefined();
  expect(staged._links.expirePassword).toBeUndefined();
  expect((await s.api(`/api/v1/users/${staged.id}/lifecycle/reset_password?sendEmail=false`, { method: 'POST' })).status).toBe(403);

  const ada = (await (await s.api('/api/v1/users/ada@example.com')).json()) as { id: string; _links: Record<string, { href: string }> };
  expect(ada._links.resetPassword?.href).toContain('/lifecycle/reset_password');
  expect(ada._links.expirePassword?.href).toContain('/lifecycle/expire_password');
  await s.api(`/api/v1/users/${ada.id}/lifecycle/suspend`, { method: 'POST' });
  const suspended = (await (await s.api(`/api/v1/users/${ada.id}`)).json()) as { status: string; _links: Record<string, unknown> };
  expect(suspended.status).toBe('SUSPENDED');
  expect(suspended._links.resetPassword).toBeUndefined();
  expect(suspended._links.expirePassword).toBeUndefined();
  expect(suspended._links.unsuspend).toBeDefined();
});

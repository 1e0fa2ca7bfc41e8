import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type okta from '@okta/okta-sdk-nodejs';
import { startTestServer, sdkClient, all, type TestServer } from '../helpers/server.js';

let s: TestServer;
let client: okta.Client;
beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  client = sdkClient(s.url);
});
afterAll(async () => {
  await s.close();
});

const logins = (users: okta.User[]) => users.map((u) => u.profile!.login).sort();

describe('listing users as Okta does', () => {
  test('the SDK follows Link rel="next" through small pages and gets everyone once', async () => {
    const res = await s.api('/api/v1/users?limit=3');
    const link = res.headers.get('link')!;
    expect(link).toContain(`<${s.url}/api/v1/users?limit=3>; rel="self"`);
    expect(link).toMatch(new RegExp(`<${s.url}/api/v1/users\\?limit=3&after=00u[A-Za-z0-9]{17}>; rel="next"`));
    expect(await res.json()).toHaveLength(3);
    const users = await all(client.userApi.listUsers({ limit: 3 }));
    expect(logins(users)).toEqual(['ada@example.com', 'alan@example.com', 'grace@example.com', 'katherine@example.com']);
    // The last page has no next link.
    const last = await s.api(`/api/v1/users?limit=3&after=${users[2]!.id}`);
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  test('q is a prefix match on first name, last name, email and login', async () => {
    expect(logins(await all(client.userApi.listUsers({ q: 'a' })))).toEqual(['ada@example.com', 'alan@example.com']);
    expect(logins(await all(client.userApi.listUsers({ q: 'Hop' })))).toEqual(['grace@example.com']);
  });

  test('filter on status and profile.login; search on any profile attribute', async () => {
    expect(logins(await all(client.userApi.listUsers({ filter: 'status eq "ACTIVE" and profile.login sw "a"' })))).toEqual(['ada@example.com', 'alan@example.com']);
    expect(logins(await all(client.userApi.listUsers({ search: 'profile.department eq "Research"' })))).toEqual(['ada@example.com', 'alan@example.com']);
    expect(logins(await all(client.userApi.listUsers({ search: 'profile.title co "engineer" or profile.lastName eq "johnson"' })))).toEqual(['grace@example.com', 'katherine@example.com']);
    // filter only allows Okta's filterable attributes; search is the way to reach the rest.
    const res = await s.api(`/api/v1/users?filter=${encodeURIComponent('profile.department eq "Research"')}`);
    expect(res.status).toBe(400);
    expect((await res.json()).errorCode).toBe('E0000031');
  });

  test('deactivated users are hidden from the plain list but found by filter', async () => {
    const alan = await client.userApi.getUser({ userId: 'alan@example.com' });
    await client.userApi.deactivateUser({ userId: alan.id! });
    expect(logins(await all(client.userApi.listUsers({})))).not.toContain('alan@example.com');
    expect(logins(await all(client.userApi.listUsers({ filter: 'status eq "DEPROVISIONED"' })))).toEqual(['alan@example.com']);
    await client.userApi.activateUser({ userId: alan.id!, sendEmail: false });
  });
});

describe('listing groups and apps', () => {
  test('groups: q by name prefix, search by type and name', async () => {
    const names = (gs: okta.Group[]) => gs.map((g) => g.profile!.name);
    expect(names(await all(client.groupApi.listGroups({ q: 'Orders' })))).toEqual(['Orders Staff', 'Orders Admins']);
    expect(names(await all(client.groupApi.listGroups({ search: 'type eq "BUILT_IN"' })))).toEqual(['Everyone']);
    expect(names(await all(client.groupApi.listGroups({ filter: 'type eq "OKTA_GROUP"', limit: 2 })))).toEqual(['Orders Staff', 'Orders Admins', 'Engineering', 'Partners']);
  });

  test('group members page; Everyone holds every user', async () => {
    const everyone = (await all(client.groupApi.listGroups({ q: 'Everyone' })))[0]!;
    expect(logins(await all(client.groupApi.listGroupUsers({ groupId: everyone.id!, limit: 2 })))).toHaveLength(4);
  });

  test('apps: q by label, filter by status and by user.id / group.id', async () => {
    const labels = (as: okta.Application[]) => as.map((a) => a.label);
    expect(labels(await all(client.applicationApi.listApplications({ q: 'Orders' })))).toEqual(['Orders Portal', 'Orders SPA', 'Orders CLI']);
    const katherine = await client.userApi.getUser({ userId: 'katherine@example.com' });
    // Katherine reaches the portal through Everyone and the SPA through Partners.
    expect(labels(await all(client.applicationApi.listApplications({ filter: `user.id eq "${katherine.id}"` })))).toEqual(['Orders Portal', 'Orders SPA']);
    const partners = (await all(client.groupApi.listGroups({ q: 'Partners' })))[0]!;
    expect(labels(await all(client.applicationApi.listApplications({ filter: `group.id eq "${partners.id}"` })))).toEqual(['Orders SPA']);
    expect(labels(await all(client.applicationApi.listApplications({ filter: 'status eq "ACTIVE"', limit: 1 })))).toHaveLength(4);
  });
});

test('the gatehouse command answers --version and --help', () => {
  const bin = join(import.meta.dirname, '../../bin/gatehouse.mjs');
  expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe('0.1.0');
  expect(execFileSync(process.execPath, [bin, 'serve', '--help'], { encoding: 'utf8' })).toContain('Usage: gatehouse serve [options]');
});

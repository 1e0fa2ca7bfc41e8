import { z } from 'zod';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link } from '../admin/http.js';

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface Group {
  id: string;
  type: GroupType;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description?: string | null } & Record<string, unknown>;
}

const groupSchema = z.strictObject({
  profile: z
    .object({
      name: z.string({ error: blank }).trim().min(1).max(255),
      description: z.string().max(1024).nullable().optional(),
    })
    .catchall(z.union([z.string().max(4096), z.number(), z.boolean(), z.null()])),
  id: readOnly, created: readOnly, lastUpdated: readOnly, lastMembershipUpdated: readOnly, objectClass: readOnly,
  type: readOnly, _links: readOnly, _embedded: readOnly,
});

export function parseGroup(body: unknown): Group['profile'] {
  return parseBody(groupSchema, body).profile;
}

export function groupToWire(g: Group, org: string) {
  const self = `${org}/api/v1/groups/${g.id}`;
  return {
    id: g.id,
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: g.type,
    profile: { description: null, ...g.profile },
    _links: {
      logo: [
        { name: 'medium', href: `${org}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' },
        { name: 'large', href: `${org}/assets/img/logos/groups/okta-large.png`, type: 'image/png' },
      ],
      users: link(`${self}/users`),
      apps: link(`${self}/apps`),
    },
  };
}

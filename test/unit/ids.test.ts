import { describe, expect, test } from 'vitest';
import { newId, timeOrderedId, uuidV7 } from '../../src-server/util/ids.js';

describe('ids', () => {
  test('Okta-style ids: a prefix and 17 base-62 characters, no two alike', () => {
    const ids = Array.from({ length: 2000 }, () => newId('user'));
    for (const id of ids) expect(id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every base-62 character turns up: the alphabet is used uniformly, not a subset of it.
    expect(new Set(ids.join('').slice(3)).size).toBe(62);
  });

  test('time-ordered ids sort by the time they were made, whatever their random part', () => {
    const times = [0, 1, 61, 62, 3_843, 1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000];
    const ids = times.map((t) => timeOrderedId('request', t));
    for (const id of ids) expect(id).toMatch(/^req[A-Za-z0-9]{17}$/);
    expect([...ids].sort()).toEqual(ids);
  });

  test('UUID v7: version 7, RFC 9562 variant, sorted by time', () => {
    const a = uuidV7(1_700_000_000_000);
    const b = uuidV7(1_700_000_000_001);
    for (const u of [a, b]) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13).replace('-', '')).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
  });
});

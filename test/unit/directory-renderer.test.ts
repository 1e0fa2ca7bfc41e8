import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { nextFromLink } from '../../src-renderer/src/screens/directory/paged.js';
import { quote, usersPath } from '../../src-renderer/src/screens/directory/search.js';
import { fromText, humanize, kindOf, toText } from '../../src-renderer/src/screens/directory/profile-values.js';
import { attributeNameIssue, emailIssue, loginIssue, passwordIssue } from '../../src-renderer/src/screens/directory/validation.js';
import { parseFilter } from '../../src-server/admin/filter.js';
import { meetsPasswordPolicy } from '../../src-server/directory/passwords.js';
import { parseCreateUser } from '../../src-server/directory/users.js';

/* The directory screens' own logic: paging links, search requests, profile values, and the checks
 * they run as people type, held against the server's own rules so the two cannot drift apart. */

describe('paging', () => {
  test('reads the next page from the Link header, as a path under /api/v1', () => {
    const header = '<http://127.0.0.1:3000/api/v1/users?limit=200>; rel="self", <http://127.0.0.1:3000/api/v1/users?limit=200&after=00u123>; rel="next"';
    expect(nextFromLink(header)).toBe('/users?limit=200&after=00u123');
    expect(nextFromLink('<http://x/api/v1/users?limit=200>; rel="self"')).toBeUndefined();
    expect(nextFromLink(null)).toBeUndefined();
  });
});

describe('the users search', () => {
  test('quick search is Okta q; with a status it becomes a search expression the server parses', () => {
    expect(usersPath('quick', '', '', '')).toBe('/users?limit=200');
    expect(usersPath('quick', ' ada ', '', '')).toBe('/users?limit=200&q=ada');
    const p = new URLSearchParams(usersPath('quick', 'O"Brien \\', 'STAGED', '').split('?')[1]);
    const expr = p.get('search')!;
    expect(() => parseFilter(expr)).not.toThrow();
    expect(JSON.stringify(parseFilter(expr))).toContain('O\\"Brien \\\\');
    expect(usersPath('expression', 'ignored', 'ACTIVE', 'status eq "ACTIVE"')).toBe('/users?limit=200&search=status+eq+%22ACTIVE%22');
  });

  test('any quoted value reads back as itself', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        const tree = parseFilter(`profile.x eq ${quote(v)}`);
        return tree.kind === 'cmp' && tree.value === v;
      }),
    );
  });
});

describe('profile values', () => {
  test('keep their type through the form', () => {
    expect(kindOf(3)).toBe('number');
    expect(kindOf(['a'])).toBe('list');
    expect(kindOf(true)).toBe('boolean');
    expect(kindOf(null)).toBe('string');
    expect(fromText('number', ' 4.5 ')).toEqual({ value: 4.5 });
    expect(fromText('number', 'three').issue).toContain('not a number');
    expect(fromText('list', 'a, b,, c')).toEqual({ value: ['a', 'b', 'c'] });
    expect(fromText('list', '1, 2', [7])).toEqual({ value: [1, 2] });
    expect(fromText('list', '1, x', [7]).issue).toBeDefined();
    expect(fromText('boolean', 'false')).toEqual({ value: false });
    expect(toText(['a', 'b'])).toBe('a, b');
    expect(humanize('costCenter')).toBe('Cost center');
    expect(humanize('employee_id')).toBe('Employee id');
  });
});

describe('checks as you type agree with the server', () => {
  test('the password policy', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.constantFrom('ada@example.com', 'marie.curie@example.com', 'x@y.io'), (pw, login) => {
        const local = pw.length > 0 && passwordIssue(pw, login) === undefined;
        return local === meetsPasswordPolicy(pw, login);
      }),
      { numRuns: 2000 },
    );
    expect(passwordIssue('Sklodowska-1867', 'marie@example.com')).toBeUndefined();
    expect(passwordIssue('Marie-Rules-99', 'marie@example.com')).toContain('no part of the username');
  });

  test('usernames and emails', () => {
    const samples = ['ada@example.com', 'ada', 'a@b.c', 'a@b', 'x y@example.com', 'o"k@example.com', 'ab@c.de', `${'a'.repeat(95)}@b.com`];
    for (const login of samples) {
      let serverOk = true;
      try {
        parseCreateUser({ profile: { login, email: login } });
      } catch {
        serverOk = false;
      }
      expect(loginIssue(login) === undefined && emailIssue(login) === undefined, login).toBe(serverOk);
    }
  });

  test('attribute names', () => {
    expect(attributeNameIssue('costCenter', () => false)).toBeUndefined();
    expect(attributeNameIssue('2fast', () => false)).toContain('not starting with a digit');
    expect(attributeNameIssue('a-b', () => false)).toBeDefined();
    expect(attributeNameIssue('title', (n) => n === 'title')).toContain('already has');
    // Every name the form accepts can be searched for.
    expect(() => parseFilter('profile.costCenter eq "x"')).not.toThrow();
  });
});

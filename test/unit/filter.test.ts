import { describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { compileFilter, parseFilter } from '../../src-server/admin/filter.js';
import { ApiError } from '../../src-server/errors.js';

const cols = (a: string) =>
  a === 'status' ? { sql: 'status', caseInsensitive: true } : a.startsWith('profile.') ? { sql: `json_extract(profile, '$.${a.slice(8)}')`, caseInsensitive: true } : null;

function run(expr: string): string[] {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE u (id TEXT, status TEXT, profile TEXT)`);
  const ins = db.prepare('INSERT INTO u VALUES (?,?,?)');
  ins.run('ada', 'ACTIVE', JSON.stringify({ firstName: 'Ada', department: 'Research', age: 36 }));
  ins.run('bob', 'STAGED', JSON.stringify({ firstName: 'Bob', department: 'Sales' }));
  ins.run('cy', 'ACTIVE', JSON.stringify({ firstName: 'Cy', department: 'research_ops' }));
  const c = compileFilter(parseFilter(expr), cols);
  return (db.prepare(`SELECT id FROM u WHERE ${c.sql} ORDER BY id`).all(...c.params) as { id: string }[]).map((r) => r.id);
}

describe("Okta's filter and search expressions", () => {
  test.each([
    ['status eq "ACTIVE"', ['ada', 'cy']],
    ['status eq "active"', ['ada', 'cy']],
    ['profile.department eq "research"', ['ada']],
    ['profile.department sw "Res"', ['ada', 'cy']],
    ['profile.department co "_"', ['cy']],
    ['profile.department ew "ops"', ['cy']],
    ['profile.age gt 30', ['ada']],
    ['profile.age pr', ['ada']],
    ['status eq "ACTIVE" and not (profile.firstName eq "Cy")', ['ada']],
    ['status eq "STAGED" or profile.firstName sw "C"', ['bob', 'cy']],
    ['(status eq "STAGED" or status eq "ACTIVE") and profile.department sw "s"', ['bob']],
    ['profile.department ne "Sales"', ['ada', 'cy']],
    ['status+eq+"ACTIVE"', ['ada', 'cy']],
  ])('%s', (expr, ids) => {
    expect(run(expr)).toEqual(ids);
  });

  test.each([
    ['status eq ACTIVE', /double quotes/],
    ['status eq "ACTIVE', /unterminated string/],
    ['status equals "x"', /unknown operator 'equals'/],
    ['(status eq "x"', /expected '\)'/],
    ['status eq "x" garbage', /unexpected 'garbage'/],
    ['lastLogin eq "x"', /cannot be used here/],
    ['', /ended early/],
    ['('.repeat(100) + 'status eq "x"' + ')'.repeat(100), /nested too deeply/],
  ])('%s is refused with E0000031 and a reason', (expr, reason) => {
    try {
      run(expr);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).errorCode).toBe('E0000031');
      expect((e as ApiError).errorSummary).toBe('Invalid search criteria.');
      expect((e as ApiError).causes[0]).toMatch(reason);
    }
  });

  test('values are passed as parameters, never spliced into SQL', () => {
    const c = compileFilter(parseFilter(`status eq "x' OR 1=1 --"`), cols);
    expect(c.sql).not.toContain('1=1');
    expect(c.params).toEqual(["x' OR 1=1 --"]);
    expect(run(`status eq "x' OR 1=1 --"`)).toEqual([]);
  });
});

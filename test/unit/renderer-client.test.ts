import { describe, expect, test } from 'vitest';
import { ApiError, describeError } from '../../src-renderer/src/api/client.js';

/* The workbench's reading of Okta's error object: which cause belongs beside which field. */
describe('ApiError', () => {
  const e = new ApiError(400, 'E0000001', 'Api validation failed: name', ['name: The field cannot be left blank', 'conditions.scopes: Unknown scope orders:x', 'A general problem']);

  test('finds the cause of a field, and only of that field', () => {
    expect(e.causeFor('name')).toBe('The field cannot be left blank');
    expect(e.causeFor('conditions.scopes')).toBe('Unknown scope orders:x');
    expect(e.causeFor('conditions')).toBeUndefined();
    expect(e.causeFor('description')).toBeUndefined();
  });

  test('describes itself in words, causes included', () => {
    expect(describeError(e)).toBe('Api validation failed: name name: The field cannot be left blank; conditions.scopes: Unknown scope orders:x; A general problem');
    expect(describeError(new ApiError(404, 'E0000007', 'Not found: Resource not found: x (AuthorizationServer)', []))).toBe('Not found: Resource not found: x (AuthorizationServer)');
    expect(describeError(new Error('boom'))).toBe('boom');
  });
});

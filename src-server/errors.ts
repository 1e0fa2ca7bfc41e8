/**
 * Okta's Management/Authn API error (reference §4.1). One class carries what goes on the wire;
 * the admin error handler serializes it. Domain code throws these through the factories below so the
 * strings stay in one place.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: string[] = [],
  ) {
    super(`${errorCode}: ${errorSummary}`);
  }
}

export interface FieldIssue {
  /** Dotted path of the field in the request body, e.g. `settings.oauthClient.redirect_uris`. */
  field: string;
  message: string;
}

export const Errors = {
  validation(issues: FieldIssue[], subject?: string): ApiError {
    const fields = subject ?? [...new Set(issues.map((i) => i.field))].join(', ');
    return new ApiError(
      400,
      'E0000001',
      `Api validation failed: ${fields}`,
      issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)),
    );
  },
  invalidRequest(detail: string): ApiError {
    return new ApiError(400, 'E0000002', `The request was not valid: ${detail}`, [detail]);
  },
  malformedBody(detail?: string): ApiError {
    return new ApiError(400, 'E0000003', 'The request body was not well-formed.', detail ? [detail] : []);
  },
  authenticationFailed(): ApiError {
    return new ApiError(401, 'E0000004', 'Authentication failed');
  },
  forbidden(detail?: string): ApiError {
    return new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', detail ? [detail] : []);
  },
  notFound(id: string, type: string): ApiError {
    return new ApiError(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`);
  },
  pathNotFound(): ApiError {
    return new ApiError(404, 'E0000008', 'The requested path was not found');
  },
  internal(): ApiError {
    return new ApiError(500, 'E0000009', 'Internal Server Error');
  },
  invalidToken(): ApiError {
    return new ApiError(401, 'E0000011', 'Invalid token provided');
  },
  alreadyActive(): ApiError {
    return new ApiError(403, 'E0000016', 'Activation failed because the user is already active');
  },
  methodNotAllowed(): ApiError {
    return new ApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
  },
  invalidSearch(detail: string): ApiError {
    return new ApiError(400, 'E0000031', 'Invalid search criteria.', [detail]);
  },
  userStatus(detail?: string): ApiError {
    return new ApiError(403, 'E0000038', "This operation is not allowed in the user's current status.", detail ? [detail] : []);
  },
  alreadyAssigned(): ApiError {
    return new ApiError(409, 'E0000062', 'The specified user is already assigned to the application.');
  },
  passwordComplexity(): ApiError {
    return Errors.validation(
      [
        {
          field: 'password',
          message:
            'Password requirements were not met. Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.',
        },
      ],
      'password',
    );
  },
  bodyTooLarge(limit: string): ApiError {
    return new ApiError(413, 'E0000003', 'The request body was not well-formed.', [`The request body is larger than ${limit}.`]);
  },
};

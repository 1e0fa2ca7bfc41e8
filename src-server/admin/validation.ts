import { z } from 'zod';
import { Errors, type FieldIssue } from '../errors.js';

/** Turns zod's issues into Okta's `errorCauses` lines: `field: message`, one per problem. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = path ? `${path}.${key}` : key;
        out.push({ field, message: `Property '${key}' is not defined` });
      }
      continue;
    }
    out.push({ field: path, message: messageFor(issue) });
  }
  return out;
}

function messageFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'The field cannot be left blank' : `Expected ${issue.expected}, got ${typeOfValue(issue.input)}`;
    case 'invalid_value':
      return `Must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'The field cannot be left blank' : `The field must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `Must have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `Must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `The field cannot exceed ${issue.maximum} characters`;
      if (issue.origin === 'array') return `Must have at most ${issue.maximum} items`;
      return `Must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

function typeOfValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Validates a request body; any problem becomes one `E0000001` listing every bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, subject?: string): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.malformedBody('The request body must be a JSON object.');
  }
  // reportInput: the messages tell a missing field from one of the wrong type by the input.
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw Errors.validation(zodIssues(result.error), subject);
  return result.data;
}

/** zod error map: a missing field is "blank" (Okta's words); other problems keep zod's message. */
export const blank = (i: { input: unknown }) => (i.input === undefined ? 'The field cannot be left blank' : undefined);

/** Read-only fields that clients (the Okta SDK) send back on replace; accepted and ignored. */
export const readOnly = z.unknown().optional();

/** Okta's date format: ISO 8601 UTC with milliseconds. */
export function isoNow(clock: () => number = Date.now): string {
  return new Date(clock()).toISOString();
}

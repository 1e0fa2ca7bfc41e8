// Placeholder preload: exposes nothing yet. The typed desktop API arrives with the shell issue.
export {};

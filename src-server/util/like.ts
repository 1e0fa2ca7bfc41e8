/** Escapes `%`, `_` and `\` for an SQL `LIKE … ESCAPE '\'` pattern, so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

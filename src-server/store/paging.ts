import type { Db } from './db.js';
import type { Page } from '../admin/http.js';

export interface ListOptions {
  where?: string;
  params?: unknown[];
  after?: string;
  limit: number;
  /** Newest first. */
  descending?: boolean;
}

/**
 * Keyset paging over a table's `seq` (creation order): the cursor is the last item's id, so pages
 * stay stable while rows are added. Fetches one extra row to know whether a next page exists.
 */
export function listPage<Row extends { id: string }, T>(
  db: Db,
  table: string,
  opts: ListOptions,
  map: (row: Row) => T,
  idColumn = 'id',
): Page<T> {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (opts.where) {
    conds.push(`(${opts.where})`);
    params.push(...(opts.params ?? []));
  }
  if (opts.after !== undefined) {
    conds.push(opts.descending
      ? `seq < COALESCE((SELECT seq FROM ${table} WHERE ${idColumn} = ?), -1)`
      : `seq > COALESCE((SELECT seq FROM ${table} WHERE ${idColumn} = ?), 9223372036854775807)`);
    params.push(opts.after);
  }
  const sql = `SELECT * FROM ${table} ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ORDER BY seq${opts.descending ? ' DESC' : ''} LIMIT ?`;
  const rows = db.prepare(sql).all(...params, opts.limit + 1) as Row[];
  const more = rows.length > opts.limit;
  if (more) rows.pop();
  return { items: rows.map(map), next: more ? rows[rows.length - 1]![idColumn as 'id'] : undefined };
}

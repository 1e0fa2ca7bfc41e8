import { createWriteStream, existsSync, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/*
 * The server process's output (its request log and errors; never tokens or secrets, see
 * src-server/util/log.ts) goes to server.log in the app's log folder, which Help > Open Log Folder
 * opens. One older file is kept once it grows past the limit.
 */

const LIMIT = 5 * 1024 * 1024;

export function openServerLog(folder: string, limit = LIMIT): WriteStream {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'server.log');
  if (existsSync(file) && statSync(file).size > limit) renameSync(file, join(folder, 'server.1.log'));
  return createWriteStream(file, { flags: 'a', mode: 0o600 });
}

export function pipeToLog(log: WriteStream, ...streams: (NodeJS.ReadableStream | null | undefined)[]): void {
  for (const s of streams) s?.pipe(log, { end: false });
}

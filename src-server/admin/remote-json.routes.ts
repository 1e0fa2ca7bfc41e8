import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { Errors } from '../errors.js';
import { parseBody } from './validation.js';

/** Enough for any discovery document or JWKS; more is not what the inspector asked for. */
const MAX_BYTES = 512 * 1024;
const TIMEOUT_MS = 5000;

/**
 * `POST /api/v1/gatehouse/remote-json {url}`: the workbench's way to read another issuer's discovery
 * document and JWKS (the token inspector's "an issuer's published keys"). The page itself may only
 * talk to this server (its CSP), and issuers rarely allow a browser on 127.0.0.1 to read their keys
 * (CORS); the server fetches them instead. Admin only, GET only, no cookies or credentials sent,
 * http(s) only, small and quick: it reads public metadata and nothing else.
 */
export function remoteJsonRouter(_ctx: AppContext): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    const { url } = parseBody(z.strictObject({ url: z.string().min(1).max(2048) }), req.body);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw Errors.validation([{ field: 'url', message: 'Must be an absolute URL' }]);
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw Errors.validation([{ field: 'url', message: 'Must be an http or https URL' }]);
    if (target.username || target.password) throw Errors.validation([{ field: 'url', message: 'Must not carry credentials' }]);
    let answer: Response;
    try {
      answer = await fetch(target, { headers: { Accept: 'application/json' }, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      const why = e instanceof Error && e.name === 'TimeoutError' ? `did not answer within ${TIMEOUT_MS / 1000} s` : 'could not be reached';
      return void res.json({ ok: false, url: target.toString(), error: `${target.origin} ${why}.` });
    }
    const text = await readLimited(answer);
    if (text === undefined) return void res.json({ ok: false, url: target.toString(), status: answer.status, error: `${target} answered more than ${MAX_BYTES / 1024} KB: not a discovery document or a JWKS.` });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return void res.json({ ok: false, url: target.toString(), status: answer.status, error: `${target} did not answer JSON (it starts “${text.slice(0, 40).replace(/\s+/g, ' ')}”).` });
    }
    res.json({ ok: answer.ok, url: answer.url || target.toString(), status: answer.status, json });
  });
  return r;
}

async function readLimited(res: Response): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

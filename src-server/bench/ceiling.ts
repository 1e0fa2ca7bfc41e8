/*
 * The ceiling of `npm run bench`: the least a client_credentials token endpoint can do on node:http
 * (read the form, check the secret, sign an RS256 JWT with jose, answer), with no store, no policy
 * and no framework. Runs as its own process; prints `ready <url> <client_id> <client_secret>`.
 */
import { generateKeyPairSync, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = Buffer.from('bench-secret-0123456789abcdef0123456789abcdef');

const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d: string) => (body += d));
  req.on('end', () => {
    const form = new URLSearchParams(body);
    const secret = Buffer.from(form.get('client_secret') ?? '');
    if (form.get('client_id') !== CLIENT_ID || secret.length !== CLIENT_SECRET.length || !timingSafeEqual(secret, CLIENT_SECRET)) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid_client"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    new SignJWT({ ver: 1, jti: randomUUID(), iss: 'http://ceiling', aud: 'api://orders', iat: now, exp: now + 3600, cid: CLIENT_ID, scp: ['orders:read'], sub: CLIENT_ID })
      .setProtectedHeader({ kid: 'bench', alg: 'RS256' })
      .sign(privateKey)
      .then((jwt) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: jwt, scope: 'orders:read' }));
      });
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`ready http://127.0.0.1:${port}/token ${CLIENT_ID} ${CLIENT_SECRET.toString()}\n`);
});

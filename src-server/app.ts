import express, { type Express, type RequestHandler } from 'express';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { AppContext } from './context.js';
import { adminRouter } from './admin/router.js';
import { oauthRouter } from './oauth/router.js';
import { sendApiError } from './admin/middleware.js';
import { Errors } from './errors.js';
import { randomSecret } from './util/ids.js';
import { hostAllowed, logWhenDone, stampResponse } from './http-common.js';
import { fastLane } from './oauth/fast-lane.js';
import { createLogger, type Logger, type LogLevel } from './util/log.js';
import { openDatabase, type Db } from './store/db.js';
import { createStore, type Store } from './store/index.js';
import { initOrg, type Seed } from './org.js';
import { rotateDueKeys } from './authz/service.js';
import { ensureOrgAccessTokenKey } from './tokens/keys.js';
import { SystemLog } from './log/system-log.js';
import { UiSessions, uiLogin } from './admin/ui-sessions.js';

export const VERSION = '0.1.0';

const requestIds: RequestHandler = (_req, res, next) => {
  stampResponse(res);
  next();
};

function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    logWhenDone(log, req.method, req.originalUrl, res);
    next();
  };
}

function hostCheck(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    if (hostAllowed(ctx, req.headers.host)) return next();
    sendApiError(res, Errors.forbidden(`This server does not answer to the host name '${req.headers.host ?? ''}'.`));
  };
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];

export function allowedHostsFor(host: string): Set<string> | 'any' {
  if (host === '0.0.0.0' || host === '::') return 'any';
  const names = new Set([host.toLowerCase().replace(/^\[|\]$/g, '')]);
  if (LOOPBACK_NAMES.includes([...names][0]!) || [...names][0]!.startsWith('127.')) for (const n of LOOPBACK_NAMES) names.add(n);
  return names;
}

export function createApp(ctx: AppContext, rendererDir?: string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestIds);
  app.use(requestLog(ctx.log));
  app.use(hostCheck(ctx));
  app.get('/gatehouse/login', (req, res) => uiLogin(ctx.uiSessions, req, res));
  app.use('/api/v1', adminRouter(ctx));
  app.use(oauthRouter(ctx));
  if (rendererDir && existsSync(rendererDir)) {
    app.use(express.static(rendererDir, { index: 'index.html', fallthrough: true }));
  }
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  return app;
}

export interface ServerOptions {
  db: string;
  port: number;
  host: string;
  /** Admin API token; when absent, the stored one is used, or one is generated and returned once. */
  apiToken?: string;
  seed?: Seed;
  logLevel?: LogLevel;
  log?: Logger;
  rendererDir?: string;
  now?: () => number;
  nativeBinding?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  ctx: AppContext;
  /** Set when this start generated the admin token: show it once, it is stored only as a hash. */
  generatedApiToken?: string;
  /** A one-time URL that opens the workbench signed in (each call makes a new one). */
  uiLoginUrl(): string;
  /** True when this start created the workspace. */
  createdOrg: boolean;
  seeded?: Seed;
  close(): Promise<void>;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Opens the workspace, prepares the org, and listens. The one entry point for every host. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? createLogger(opts.logLevel ?? 'info');
  const now = opts.now ?? Date.now;
  const db: Db = openDatabase(opts.db, { nativeBinding: opts.nativeBinding });
  const store = createStore(db);
  try {
    const iso = new Date(now()).toISOString();
    const createdOrg = await initOrg(store, iso, opts.seed ?? 'demo');
    const seeded: Seed | undefined = createdOrg ? (opts.seed ?? 'demo') : undefined;
    await rotateDueKeys(store, now());
    await ensureOrgAccessTokenKey(store.settings, iso);

    let generatedApiToken: string | undefined;
    if (opts.apiToken !== undefined) {
      store.settings.set('adminTokenHash', sha256(opts.apiToken).toString('base64url'));
    } else if (!store.settings.get('adminTokenHash')) {
      generatedApiToken = randomSecret(30);
      store.settings.set('adminTokenHash', sha256(generatedApiToken).toString('base64url'));
    }
    const adminTokenHash = Buffer.from(store.settings.get('adminTokenHash')!, 'base64url');

    let orgUrl = '';
    const ctx: AppContext = {
      store,
      orgUrl: () => orgUrl,
      now,
      log,
      systemLog: new SystemLog(db, now),
      adminTokenHash,
      allowedHosts: allowedHostsFor(opts.host),
      version: VERSION,
      configVersion: 0,
      uiSessions: new UiSessions(now),
    };
    const app = createApp(ctx, opts.rendererDir);
    const fast = fastLane(ctx);
    const server: Server = createServer((req, res) => {
      if (!fast(req, res)) app(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    orgUrl = `http://${urlHost}:${port}`;

    const rotation = setInterval(() => {
      rotateDueKeys(store, now())
        .then(() => ctx.configVersion++)
        .catch((e) => log.error(`key rotation failed: ${String(e)}`));
    }, 3_600_000);
    rotation.unref();

    let closed = false;
    return {
      url: orgUrl,
      port,
      store,
      ctx,
      generatedApiToken,
      uiLoginUrl: () => `${orgUrl}/gatehouse/login?token=${ctx.uiSessions.issueLogin()}`,
      createdOrg,
      seeded,
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(rotation);
        ctx.systemLog.flush();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 2000).unref();
        });
        db.close();
      },
    };
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { appConfig, authConfig, webConfig, type AppConfig, type AuthConfig, type WebConfig } from '@kedai/core';

/**
 * The paths the single-page app owns. An allow-list, not a catch-all, so a REST route another
 * module adds is never shadowed; `/pay/<handle>` is the app only for browsers (Accept: text/html),
 * so a program asking for JSON still reaches the API.
 */
const APP_PATHS = /^\/(?:$|signin\/?$|chats(?:\/|$)|groups(?:\/|$)|money(?:\/|$)|business(?:\/|$)|inbox(?:\/|$)|me\/?$)/;
const PAY_PAGE = /^\/pay\/[^/.]+\/?$/;
const YEAR_S = 365 * 24 * 3600;

const wantsHtml = (req: Request) => req.method === 'GET' && req.accepts(['json', 'html']) === 'html';

/**
 * Serves apps/web's build: hashed assets under /assets with a year-long immutable cache, the app's
 * index.html (never cached, so a deploy is picked up at once) for its routes, the development
 * settings the app shows (where sign-in codes go), and GraphiQL at GET /graphql for browsers
 * outside production, bundled from node_modules so it needs no network.
 */
export function serveWebApp(app: NestExpressApplication): void {
  const web = app.get<WebConfig>(webConfig.KEY);
  const settings = app.get<AppConfig>(appConfig.KEY);
  const auth = app.get<AuthConfig>(authConfig.KEY);
  const dir = resolve(web.dir);
  const page = (name: string) => {
    const file = join(dir, name);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };

  if (!settings.production) {
    app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
      if (!wantsHtml(req) || req.query.query !== undefined) return next();
      const html = page('graphiql.html') ?? NOT_BUILT.replace('$PAGE', 'GraphiQL');
      res.status(200).type('html').set('Cache-Control', 'no-cache').send(html);
    });
  }
  if (!web.enabled) return;

  app.use('/assets', precompressed(join(dir, 'assets')));
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), { immutable: true, maxAge: YEAR_S * 1000, index: false, fallthrough: false }),
  );
  app.use('/app-config.json', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET') return next();
    res.set('Cache-Control', 'no-cache').json({
      env: settings.env,
      // Development only: where the development code sender writes sign-in codes.
      devCodes: !settings.production && auth.codeSender === 'dev' ? auth.devCodesFile : null,
    });
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const appPath = APP_PATHS.test(req.path) || (PAY_PAGE.test(req.path) && wantsHtml(req));
    if (req.method !== 'GET' || !appPath) return next();
    const html = page('index.html') ?? NOT_BUILT.replace('$PAGE', 'The web app');
    res.status(200).type('html').set('Cache-Control', 'no-cache').send(html);
  });
}

/** Content encodings the build writes beside its assets (apps/web/vite.config.mts), best first. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

/**
 * Sends the build's pre-compressed copy of an asset (brotli, else gzip) to a browser that accepts
 * it: the request is pointed at the .br/.gz file and express.static serves it with the original's
 * type and the same year-long cache. The list of copies is read once: a build's hashed files never
 * change, and a file not in it is simply sent as it is.
 */
function precompressed(assets: string) {
  const files = new Set(existsSync(assets) ? readdirSync(assets) : []);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.slice(1);
    if (!ENCODINGS.some(([, ext]) => files.has(name + ext))) return next();
    // Caches in between must keep one copy per encoding.
    res.vary('Accept-Encoding');
    const chosen = ENCODINGS.find(([encoding, ext]) => files.has(name + ext) && req.acceptsEncodings(encoding) === encoding);
    if (!chosen) return next();
    res.type(extname(name));
    res.set('Content-Encoding', chosen[0]);
    req.url = `/${name}${chosen[1]}`;
    next();
  };
}

const NOT_BUILT =
  '<!doctype html><html lang="en"><title>Kedai</title><p>$PAGE is not built yet: run <code>npm run web:build</code> (npm start does).</p></html>';

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import helmet from 'helmet';
import { packageRoot } from '../paths.js';

/** What the browser app is told at start: where to sign in and where the APIs are. */
export interface ConsoleSettings {
  /** False with ORDO_AUTH=off: the console signs nobody in and the APIs let it in as an operator. */
  authEnabled: boolean;
  issuer: string;
  clientId: string;
  scope: string;
  /** The client whose Keycloak client roles count as Ordo roles (ORDO_AUTH_CLIENT_ID). */
  roleClient: string;
  cockpitUrl: string;
  apis: { productOrder: string; productCatalog: string; admin: string };
}

export const CONSOLE_PATH = '/console';
const esm = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));

/** The front-end libraries the console imports, each one file served from its package (nothing else of node_modules is). */
const vendorFiles: Record<string, string> = {
  'preact.mjs': esm('preact'),
  'hooks.mjs': esm('preact/hooks'),
  'htm.mjs': esm('htm'),
  'htm-preact.mjs': esm('htm/preact'),
  'oauth4webapi.js': esm('oauth4webapi'),
};

/** The console's page with its import map; the map is inline, so the CSP names its hash. */
function indexPage(): { html: string; importMapHash: string } {
  const html = readFileSync(path.join(packageRoot, 'console', 'index.html'), 'utf8');
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (importMap === undefined) throw new Error('console/index.html has no import map');
  return { html, importMapHash: `'sha256-${createHash('sha256').update(importMap).digest('base64')}'` };
}

/**
 * The back-office console: a single-page app (Preact with htm, no build step beyond tsc), its
 * assets, translations and libraries, and the settings it starts with. Every file is public; what
 * the console shows comes from the APIs, which check the signed-in user's token.
 */
export function consoleRoutes(settings: ConsoleSettings): Router {
  const { html, importMapHash } = indexPage();
  const issuerOrigin = settings.authEnabled ? new URL(settings.issuer).origin : undefined;
  const router = Router();
  router.use(
    CONSOLE_PATH,
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", importMapHash],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", ...(issuerOrigin ? [issuerOrigin] : [])],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  // One route for both: without strict routing, `/console` also matches `/console/`.
  router.get(CONSOLE_PATH, (req, res) => {
    if (!req.path.endsWith('/')) return res.redirect(301, `${CONSOLE_PATH}/${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}`);
    res.type('html').set('Cache-Control', 'no-store').send(html);
  });
  router.get(`${CONSOLE_PATH}/config.json`, (_req, res) => void res.set('Cache-Control', 'no-store').json(settings));
  router.get(`${CONSOLE_PATH}/vendor/:file`, (req, res, next) => {
    if (!Object.hasOwn(vendorFiles, req.params.file)) return next();
    const file = vendorFiles[req.params.file]!;
    res.type('text/javascript').sendFile(file);
  });
  router.use(`${CONSOLE_PATH}/app`, express.static(path.join(packageRoot, 'dist', 'console', 'src'), { index: false, extensions: false }));
  router.use(`${CONSOLE_PATH}/assets`, express.static(path.join(packageRoot, 'console', 'assets'), { index: false }));
  router.use(`${CONSOLE_PATH}/messages`, express.static(path.join(packageRoot, 'console', 'messages'), { index: false }));
  return router;
}

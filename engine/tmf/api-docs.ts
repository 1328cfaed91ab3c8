import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import express, { Router } from 'express';
import { parse as parseYaml } from 'yaml';
import { schemasDir } from '../paths.js';

const require = createRequire(import.meta.url);
const swaggerUiAssets = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const page = (title: string, base: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="${base}/api-docs/ui/swagger-ui.css"></head>
<body><div id="api"></div>
<script src="${base}/api-docs/ui/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '${base}/api-docs', dom_id: '#api', deepLinking: true });</script>
</body></html>`;

/**
 * `<base>/api-docs`: the vendored official OpenAPI file, pointed at this Ordo (swagger 2 host,
 * basePath and scheme, or OpenAPI 3 `servers`, from its public URL); `<base>/api-docs/ui/`: a page to browse and try it (swagger-ui).
 */
export function apiDocsRoutes(specFile: string, basePath: string, publicUrl: string): Router {
  const text = readFileSync(path.join(schemasDir, 'tmf', specFile), 'utf8');
  const spec = (/\.ya?ml$/.test(specFile) ? parseYaml(text) : JSON.parse(text)) as Record<string, unknown> & { info: { title: string } };
  const url = new URL(publicUrl);
  const here = spec['openapi'] ? { servers: [{ url: `${publicUrl}${basePath}` }] } : { host: url.host, basePath, schemes: [url.protocol.replace(':', '')] };
  const served = JSON.stringify({ ...spec, ...here });
  const router = Router();
  router.get('/api-docs', (_req, res) => {
    res.type('application/json').send(served);
  });
  router.get('/api-docs/ui', (_req, res) => {
    res.type('html').send(page(spec.info.title, basePath));
  });
  router.use('/api-docs/ui', express.static(swaggerUiAssets, { index: false }));
  return router;
}

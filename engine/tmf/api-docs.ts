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
<script>
window.ui = SwaggerUIBundle({ url: '${base}/api-docs', dom_id: '#api', deepLinking: true, persistAuthorization: true,
  // A token handed over in the fragment (#token=..., never sent to the server) is used for "Try it out".
  onComplete: () => { const token = new URLSearchParams(location.hash.slice(1)).get('token'); if (token) window.ui.preauthorizeApiKey('bearer', 'Bearer ' + token); } });
</script>
</body></html>`;

/**
 * Every call needs a bearer token: the served document says so (the official files declare no
 * security), so the page offers "Authorize". Swagger 2 has no bearer scheme; an Authorization
 * header API key holding `Bearer <token>` is its equivalent.
 */
function bearerSecurity(spec: Record<string, unknown>): Record<string, unknown> {
  const security = [{ bearer: [] }];
  if (spec['openapi']) {
    const components = (spec['components'] ?? {}) as Record<string, unknown>;
    const schemes = (components['securitySchemes'] ?? {}) as Record<string, unknown>;
    return { components: { ...components, securitySchemes: { ...schemes, bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from the OIDC issuer Ordo trusts.' } } }, security };
  }
  const definitions = (spec['securityDefinitions'] ?? {}) as Record<string, unknown>;
  return { securityDefinitions: { ...definitions, bearer: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Bearer <access token from the OIDC issuer Ordo trusts>' } }, security };
}

/**
 * `<base>/api-docs`: the vendored official OpenAPI file, pointed at this Ordo (swagger 2 host,
 * basePath and scheme, or OpenAPI 3 `servers`, from its public URL); `<base>/api-docs/ui/`: a page to browse and try it (swagger-ui).
 */
export function apiDocsRoutes(specFile: string, basePath: string, publicUrl: string): Router {
  const text = readFileSync(path.join(schemasDir, 'tmf', specFile), 'utf8');
  const spec = (/\.ya?ml$/.test(specFile) ? parseYaml(text) : JSON.parse(text)) as Record<string, unknown> & { info: { title: string } };
  const url = new URL(publicUrl);
  const here = spec['openapi'] ? { servers: [{ url: `${publicUrl}${basePath}` }] } : { host: url.host, basePath, schemes: [url.protocol.replace(':', '')] };
  const served = JSON.stringify({ ...spec, ...here, ...bearerSecurity(spec) });
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

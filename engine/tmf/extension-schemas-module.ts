import type { Capability } from '../capability.js';
import type { ExtensionSchemas } from './extension-schemas.js';
import { ADMIN_BASE_PATH, extensionSchemaRoutes } from './extension-schema-routes.js';

/** The operator's own `@schemaLocation` schemas for TMF extensions: registered over the admin API, checked on every create. */
export function extensionSchemasModule(extensions: ExtensionSchemas): Capability {
  return {
    name: 'extension schemas',
    mount: (app) => void app.use(ADMIN_BASE_PATH, extensionSchemaRoutes(extensions)),
  };
}

import type { Capability } from '../capability.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import { readOnlyRoutes } from '../tmf/read-routes.js';
import { messageListSpec, TMF681_BASE_PATH, type Notifications } from './notifications.js';

/** TMF681 communication messages: what Ordo sent to customers (codes, reminders), read only. */
export function notificationsModule(notifications: Notifications, publicUrl: () => string): Capability {
  return {
    name: 'notifications',
    mount(app) {
      app.use(TMF681_BASE_PATH, apiDocsRoutes('TMF681-Communication-v4.0.0.swagger.json', TMF681_BASE_PATH, publicUrl()));
      app.use(TMF681_BASE_PATH, readOnlyRoutes([{ resource: 'communicationMessage', typeName: 'CommunicationMessage', store: notifications.records, spec: messageListSpec }]));
    },
  };
}

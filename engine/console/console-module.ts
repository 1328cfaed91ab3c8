import type { Db } from 'mongodb';
import type { Capability } from '../capability.js';
import { ADMIN_BASE_PATH } from '../tmf/extension-schema-routes.js';
import { consoleApiRoutes, type ConsoleApiDeps } from './console-api-routes.js';
import { consoleRoutes, type ConsoleSettings } from './console-routes.js';
import { OrderTimeline } from './order-timeline.js';

/** The ops console: its page, its API (order overview, freeze, fallout resolution, pool levels) and the order timeline it keeps from the events. */
export async function openConsole(db: Db, settings: { page: ConsoleSettings; api: Omit<ConsoleApiDeps, 'timeline'> }): Promise<Capability> {
  const timeline = new OrderTimeline(db);
  await timeline.ensureIndexes();
  return {
    name: 'console',
    mount(app) {
      app.use(ADMIN_BASE_PATH, consoleApiRoutes({ ...settings.api, timeline }));
      app.use(consoleRoutes(settings.page));
    },
    views: [{ name: 'order timeline', record: (events) => timeline.record(events) }],
  };
}

import type { Db } from 'mongodb';
import type { Capability } from '../capability.js';
import type { Logger } from '../observability/logger.js';
import { PeriodicTask } from '../process/periodic-task.js';
import { Router, type Express } from 'express';
import type { Hub } from '../events/hub.js';
import { hubRoutes } from '../events/hub-routes.js';
import { requireContentType } from '../http/app.js';
import { Refusal, RefusalKind } from '../outcomes.js';
import { apiDocsRoutes } from '../tmf/api-docs.js';
import type { CustomerCheck } from '../orders/validate-order.js';
import type { ErasureEntry, Forgetter } from './erase-customer.js';
import type { IdentityProvider } from './identity-provider.js';
import { checkOrderCustomer } from './order-customer.js';
import { PartyRecords, type PartyRecord } from './party-records.js';
import type { CartCustomer, CartCustomers } from '../carts/cart-owner.js';
import type { ContactMedium } from '../carts/cart.js';
import { PartyUsers } from './party-users.js';
import { customerRecordRoutes } from './routes.js';
import { CUSTOMER_EVENTS, TMF629_API, TMF629_BASE_PATH, TMF632_API, TMF632_BASE_PATH, TMF666_API, TMF666_BASE_PATH, tmf629, tmf632, tmf666 } from './tmf-apis.js';

export const PARTY_USER_PATH = '/ordo/admin/v1/partyUser';

export interface CustomerSettings {
  db: Db;
  publicUrl: () => string;
  /** registered: orders must name a customer Ordo keeps. */
  check: 'registered' | 'off';
  identityProvider: IdentityProvider | undefined;
  inFlightOrders(refs: { parties: string[]; accounts: string[] }): Promise<string[]>;
  /** What other capabilities forget of an erased customer. */
  forgetters: Forgetter[];
}

/** The customers capability: TMF632 parties, TMF629 customers, TMF666 accounts, users at the identity provider, erasure. */
export interface Customers {
  records: PartyRecords;
  users: PartyUsers;
  /** Customers as shopping carts look them up (the cart's owner at sign-in, the customer a back end names). */
  cartCustomers: CartCustomers;
  /** For the order process's validation; undefined with ORDO_CUSTOMER_CHECK=off. */
  checkCustomer: CustomerCheck | undefined;
  mount(app: Express, hub: Hub, publicUrl: string): void;
  /** What another capability forgets of an erased customer, for those opened after this one. */
  forgetAlso(forgetter: Forgetter): void;
  purgeDeleted(): Promise<void>;
}

export async function openCustomers(settings: CustomerSettings): Promise<Customers> {
  const records = new PartyRecords(settings.db, settings.publicUrl);
  await records.ensureIndexes();
  const users = new PartyUsers(settings.db, records, settings.identityProvider);
  await users.ensureIndexes();
  const erasures = settings.db.collection<ErasureEntry>('customerErasure');
  const forgetters = [users.forgetter(), ...settings.forgetters];
  const deps = { records, inFlightOrders: settings.inFlightOrders, forgetters, erasures, removeUsers: (ids: string[]) => users.remove(ids) };
  return {
    records,
    users,
    cartCustomers: {
      byId: async (id) => cartCustomer(await records.stores.customer.findLive(id)),
      ofParty: async (party) => cartCustomer(await records.customerOf(party)),
      contactsOf: async (party) => [await records.customerOf(party), await records.anyParty(party)].flatMap(contactMediaOf),
    },
    checkCustomer: settings.check === 'registered' ? (order) => checkOrderCustomer(records, order) : undefined,
    mount(app, hub, publicUrl) {
      const apis = [
        { base: TMF632_BASE_PATH, api: TMF632_API, schemas: tmf632, file: 'TMF632-Party-v4.0.0.swagger.json', resources: ['individual', 'organization'] as const },
        { base: TMF629_BASE_PATH, api: TMF629_API, schemas: tmf629, file: 'TMF629-Customer-v4.0.0.swagger.json', resources: ['customer'] as const },
        { base: TMF666_BASE_PATH, api: TMF666_API, schemas: tmf666, file: 'TMF666-Account-v4.0.0.swagger.json', resources: ['billingAccount', 'partyAccount'] as const },
      ];
      for (const { base, api, schemas, file, resources } of apis) {
        app.use(base, apiDocsRoutes(file, base, publicUrl));
        app.use(base, hubRoutes(hub, api, schemas, () => `${publicUrl}${base}`));
        app.use(base, customerRecordRoutes(deps, [...resources]));
      }
      app.use(PARTY_USER_PATH, partyUserRoutes(users));
    },
    forgetAlso(forgetter) {
      forgetters.push(forgetter);
    },
    async purgeDeleted() {
      for (const store of Object.values(records.stores)) await store.purgeDeleted();
    },
  };
}

function contactMediaOf(record: PartyRecord | null): ContactMedium[] {
  const media = record && !record._ordo.erasure ? record['contactMedium'] : undefined;
  return Array.isArray(media) ? (media as ContactMedium[]) : [];
}

function cartCustomer(record: PartyRecord | null): CartCustomer | null {
  if (!record || record._ordo.erasure) return null;
  return { id: record.id, party: record._ordo.party, ...(typeof record['name'] === 'string' ? { name: record['name'] } : {}) };
}

/** POST {individualId}: the individual becomes a user of the self-service channels (a B2B contact acts for its organization). */
function partyUserRoutes(users: PartyUsers): Router {
  const router = Router();
  router.post('/', requireContentType(['application/json']), async (req, res) => {
    const individualId = (req.body as { individualId?: unknown } | undefined)?.individualId;
    if (typeof individualId !== 'string' || !individualId) throw new Refusal(RefusalKind.invalid, 'INVALID_BODY', 'individualId is required', 'POST {"individualId": "<id of a TMF632 individual>"}');
    const user = await users.enrol(individualId, { email: 'given' });
    res.status(201).json({ id: user.userId, individualId: user.individualId, party: user.party });
  });
  return router;
}

/** How often tombstones of deleted customer records are purged (ms). */
const PURGE_EVERY_MS = 60_000;

/** The customers capability as the composition root runs it: its APIs, and the purge of deleted records. */
export function customersModule(customers: Customers, publicUrl: () => string, log: Logger): Capability {
  return {
    name: 'customers',
    mount: (app, hub) => customers.mount(app, hub, publicUrl()),
    events: CUSTOMER_EVENTS,
    periodic: [new PeriodicTask('purging deleted customer records', PURGE_EVERY_MS, () => customers.purgeDeleted(), log)],
  };
}

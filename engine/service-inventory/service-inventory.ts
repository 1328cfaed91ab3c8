import type { Db } from 'mongodb';
import { InventoryRecords, inventoryListSpec } from '../tmf/inventory-record.js';
import { TMF638_BASE_PATH } from './tmf638.js';

type Ref = { id: string; href?: string; name?: string; '@referredType'?: string; [field: string]: unknown };

/** A TMF638 Service as Ordo records it for a completed service order item. */
export interface Service {
  id: string;
  href: string;
  name: string;
  state: 'feasibilityChecked' | 'designed' | 'reserved' | 'inactive' | 'active' | 'terminated';
  serviceSpecification: Ref;
  serviceCharacteristic: { name: string; value: unknown; valueType?: string }[];
  relatedParty?: Ref[];
  serviceOrderItem: { itemId: string; serviceOrderId: string; serviceOrderHref: string; itemAction: string; role: string }[];
  supportingResource: Ref[];
  serviceDate: string;
  startDate: string;
  endDate?: string;
  hasStarted: boolean;
  isServiceEnabled: boolean;
  '@type': 'Service';
}

export type NewService = Omit<Service, 'href' | 'state' | 'serviceDate' | 'startDate' | 'hasStarted' | 'isServiceEnabled' | '@type'> & { serviceOrderId: string; orderId?: string; party?: string | undefined };

export const serviceListSpec = inventoryListSpec(
  'state',
  ['serviceSpecification.id', 'relatedParty.id', 'serviceOrderItem.serviceOrderId', 'supportingResource.id', 'serviceCharacteristic.value'],
  ['startDate', 'endDate'],
);

/** The service inventory (TMF638): the services Ordo's service orders set up, and ended. */
export class ServiceInventory extends InventoryRecords<Service> {
  constructor(db: Db, publicUrl: () => string) {
    super(db, TMF638_BASE_PATH, 'service', 'Service', 'state', serviceListSpec, publicUrl);
  }

  /** The service, active from now; recorded once (a repeat answers the stored one). */
  recordActive(input: NewService): Promise<Service> {
    const { serviceOrderId, orderId, party, ...attributes } = input;
    const now = new Date().toISOString();
    return this.recordOnce({ ...attributes, href: this.href(input.id), state: 'active', serviceDate: now, startDate: now, hasStarted: true, isServiceEnabled: true, '@type': 'Service' }, { serviceOrderId, ...(orderId ? { orderId } : {}), ...(party ? { party } : {}) });
  }

  terminate(id: string, why: string): Promise<Service | null> {
    return this.moveTo(id, 'terminated', { endDate: new Date().toISOString(), isServiceEnabled: false }, why);
  }
}

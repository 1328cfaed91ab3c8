import type { Db } from 'mongodb';
import { InventoryRecords, inventoryListSpec } from '../tmf/inventory-record.js';
import { TMF637_BASE_PATH } from './tmf637.js';

type Ref = { id: string; href?: string; name?: string; '@referredType'?: string; [field: string]: unknown };

/** A TMF637 Product as Ordo records it for a fulfilled order item. */
export interface Product {
  id: string;
  href: string;
  name: string;
  status: 'created' | 'pendingActive' | 'active' | 'pendingTerminate' | 'terminated' | 'suspended' | 'cancelled';
  isBundle: false;
  startDate: string;
  terminationDate?: string;
  productOffering: Ref;
  productSpecification: Ref;
  productCharacteristic: { name: string; value: unknown; valueType?: string }[];
  relatedParty?: Ref[];
  productOrderItem: { orderItemId: string; productOrderId: string; productOrderHref: string; orderItemAction: string; role: string }[];
  realizingService: Ref[];
  realizingResource: Ref[];
  '@type': 'Product';
}

export type NewProduct = Omit<Product, 'href' | 'status' | 'isBundle' | 'startDate' | '@type'> & { orderId: string; unitId: string; party?: string | undefined };

export const productListSpec = inventoryListSpec(
  'status',
  ['productOffering.id', 'productSpecification.id', 'relatedParty.id', 'productOrderItem.productOrderId', 'productOrderItem.orderItemId', 'realizingService.id', 'realizingResource.id', 'productCharacteristic.value'],
  ['startDate', 'terminationDate'],
);

/** The product inventory (TMF637): what customers have, written as their order items complete or disconnect. */
export class ProductInventory extends InventoryRecords<Product> {
  constructor(db: Db, publicUrl: () => string) {
    super(db, TMF637_BASE_PATH, 'product', 'Product', 'status', productListSpec, publicUrl);
  }

  /** The product, active from now; recorded once (a repeat answers the stored one). */
  recordActive(input: NewProduct): Promise<Product> {
    const { orderId, unitId, party, ...attributes } = input;
    return this.recordOnce({ ...attributes, href: this.href(input.id), status: 'active', isBundle: false, startDate: new Date().toISOString(), '@type': 'Product' }, { orderId, unitId, ...(party ? { party } : {}) });
  }

  terminate(id: string, why: string): Promise<Product | null> {
    return this.moveTo(id, 'terminated', { terminationDate: new Date().toISOString() }, why);
  }
}

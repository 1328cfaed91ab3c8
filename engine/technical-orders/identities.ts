import { createHash } from 'node:crypto';

/** A UUID-shaped id derived from what it stands for, so a repeated step names the same thing again. */
function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The TMF637 product a product order unit creates. */
export const productIdFor = (orderId: string, unitId: string) => derivedId('product', orderId, unitId);
/** The TMF638 service a service order item creates. */
export const serviceIdFor = (serviceOrderId: string, itemId: string) => derivedId('service', serviceOrderId, itemId);
/** A resource a service order item needs that no pool holds (a line, a terminal): named before it exists. */
export const resourceIdFor = (serviceOrderId: string, serviceItemId: string, specificationId: string) => derivedId('resource', serviceOrderId, serviceItemId, specificationId);

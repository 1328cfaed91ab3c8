import type { Catalog } from '../../engine/catalog/catalog-service.js';
import { checkProductConfiguration, type ProductCharacteristic } from '../../engine/catalog/product-configuration.js';
import type { OrderStore } from '../../engine/orders/order-store.js';
import { unitOf } from '../../engine/orders/order-resources.js';
import { defineWorker } from '../runtime/define-worker.js';
import { unitJobInput } from '../runtime/order-variables.js';
import { BpmnErrorCode, BusinessError } from '../../engine/outcomes.js';

export const checkProductConfigurationWorker = (deps: { orders: OrderStore; catalog: Catalog }) =>
  defineWorker({
    type: 'check-product-configuration',
    name: 'Check product configuration',
    description: "Checks the item's product characteristics against its product specification in the catalog (allowed names, types, values, patterns; defaults for missing mandatory ones) and outputs the configuration, name -> value.",
    input: unitJobInput,
    output: { type: 'object', required: ['productConfiguration'], properties: { productConfiguration: { type: 'object' } } },
    errors: { PRODUCT_CONFIGURATION_INVALID: "The characteristics do not fit the product specification; the error message (the item's failure reason) lists every problem, so does variable configurationProblems." },
    handler: async (input) => {
      const stored = await deps.orders.findStored(input.orderId);
      if (!stored) throw new Error(`order ${input.orderId} does not exist`);
      const { unit, item } = unitOf(stored, input.unitId);
      const spec = await deps.catalog.source.getProductSpecification(unit.productSpecificationId);
      if (!spec) {
        throw invalid([`product specification ${unit.productSpecificationId} is no longer in the catalog`]);
      }
      const product = (item['product'] ?? {}) as { productCharacteristic?: ProductCharacteristic[] };
      const result = checkProductConfiguration(spec, product.productCharacteristic ?? [], { othersAllowed: unit.bundlePart === true });
      if (!result.valid) throw invalid(result.problems);
      return { productConfiguration: result.values };
    },
  });

const invalid = (problems: string[]) => new BusinessError(BpmnErrorCode.productConfigurationInvalid, `Product configuration invalid: ${problems.join('; ')}`, { configurationProblems: problems });

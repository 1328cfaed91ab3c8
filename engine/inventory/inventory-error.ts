/**
 * A business refusal of the inventory, with a named code a worker can hand to the model as a BPMN
 * error (e.g. `INVALID_RESOURCE_PREFERENCE`, `PORT_IN_NUMBER_IS_OURS`); never worth retrying.
 */
export class InventoryError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

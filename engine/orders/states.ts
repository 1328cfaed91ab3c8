/** TMF622 v4 ProductOrderStateType and ProductOrderItemStateType, named once. */
export const ProductOrderState = {
  acknowledged: 'acknowledged',
  rejected: 'rejected',
  pending: 'pending',
  held: 'held',
  inProgress: 'inProgress',
  cancelled: 'cancelled',
  completed: 'completed',
  failed: 'failed',
  partial: 'partial',
  assessingCancellation: 'assessingCancellation',
  pendingCancellation: 'pendingCancellation',
} as const;
export type ProductOrderState = (typeof ProductOrderState)[keyof typeof ProductOrderState];

/** Items have the order's states except `partial` (TMF622 v4 ProductOrderItemStateType). */
const { partial: _orderOnly, ...itemStates } = ProductOrderState;
export const ProductOrderItemState = itemStates;
export type ProductOrderItemState = (typeof ProductOrderItemState)[keyof typeof ProductOrderItemState];

const S = ProductOrderState;

/** States an order never leaves. */
export const terminalOrderStates: readonly ProductOrderState[] = [S.rejected, S.cancelled, S.completed, S.failed, S.partial];

/** States an order item never leaves. */
export const terminalItemStates: readonly ProductOrderItemState[] = [S.rejected, S.cancelled, S.completed, S.failed];

/** Which state may follow which (TMF622 v4 state machine, user guide figure "Product Order state"). */
const nextStates: Record<ProductOrderState, readonly ProductOrderState[]> = {
  acknowledged: [S.rejected, S.pending, S.held, S.inProgress, S.assessingCancellation, S.completed, S.failed, S.partial],
  pending: [S.inProgress, S.held, S.assessingCancellation, S.cancelled, S.failed],
  held: [S.inProgress, S.pending, S.assessingCancellation, S.cancelled, S.failed],
  inProgress: [S.held, S.pending, S.completed, S.failed, S.partial, S.assessingCancellation],
  // Once a cancellation is being assessed, the order goes on only towards cancelled: a late write
  // from the interrupted main flow must not pull it back to inProgress.
  assessingCancellation: [S.pendingCancellation],
  pendingCancellation: [S.cancelled],
  rejected: [],
  cancelled: [],
  completed: [],
  failed: [],
  partial: [],
};

export function canMoveOrder(from: ProductOrderState, to: ProductOrderState): boolean {
  return from === to || nextStates[from].includes(to);
}

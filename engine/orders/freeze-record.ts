import { ProductOrderState, type ProductOrderState as State } from './states.js';

/**
 * `_ordo.freeze`: the order's latest freeze by the client. It changes in the same write as the
 * order's state (held, and back), so it stays in the order's document; this module alone names its
 * fields (freeze-order.ts freezes and unfreezes).
 */
export interface Freeze {
  /** Counts freezes: each has its own message key, so a late message of an earlier one releases nothing. */
  cycle: number;
  frozenAt: Date;
  reason?: string;
  /** The state the order returns to when unfrozen (kept up to date while it is held). */
  resumeState: State;
  unfrozenAt?: Date;
  /** Set by the unfreeze write until the process has been told. */
  notifyPending?: true;
}

/** The part of `_ordo` this module owns. */
export interface FreezeRecord {
  freeze?: Freeze;
}

const S = ProductOrderState;

export const isFrozen = (freeze: Freeze | undefined): boolean => !!freeze && !freeze.unfrozenAt;
/** The key the process waits on while frozen. */
export const freezeKey = (orderId: string, freeze: Freeze) => `${orderId}#${freeze.cycle}`;

/** The key a process at a safe point waits on (see hold-if-frozen), or undefined when the order is not frozen. */
export function frozenKeyOf(order: { _id: string; _ordo: FreezeRecord }): string | undefined {
  const { freeze } = order._ordo;
  return freeze && isFrozen(freeze) ? freezeKey(order._id, freeze) : undefined;
}

/** $set entries of a new freeze. */
export const freezeFields = (freeze: Freeze): Record<string, unknown> => ({ '_ordo.freeze': freeze });

/** $set entries of the unfreeze: the process is told while `notifyPending`. */
export const unfreezeFields = (): Record<string, unknown> => ({ '_ordo.freeze.unfrozenAt': new Date(), '_ordo.freeze.notifyPending': true });

/**
 * While frozen, the process may still report the order moving on (it had passed a safe point):
 * the order stays `held` and will resume in that state. Undefined when `target` is not affected.
 */
export function heldInstead(freeze: Freeze | undefined, current: State, target: State): State | undefined {
  if (!isFrozen(freeze) || current !== S.held) return undefined;
  return target === S.inProgress || target === S.pending ? target : undefined;
}

/** $set entries recording the state a held order resumes in (see heldInstead). */
export const resumeStateFields = (resume: State): Record<string, unknown> => ({ '_ordo.freeze.resumeState': resume });

/** Finishing is allowed from a frozen order whose process has passed its last safe point. */
export const finishingFrom = (state: State): State => (state === S.held ? S.inProgress : state);

/** Where the unfreeze notifier finds orders to tell (see MessageNotifier). */
export const UNFREEZE_NOTIFY_PENDING = '_ordo.freeze.notifyPending';

/** Filter: the freeze is still the one the message was published for. */
export const sameFreeze = (freeze: Freeze): Record<string, unknown> => ({ '_ordo.freeze.cycle': freeze.cycle });

import type { Db } from 'mongodb';
import { TmfRecordStore } from '../tmf/tmf-record-store.js';
import type { StoredPayment, StoredRefund } from './payment.js';
import { paymentListSpec, refundListSpec } from './payment-list-spec.js';
import { TMF676_BASE_PATH } from './tmf676.js';

export class PaymentStore {
  readonly payments: TmfRecordStore<StoredPayment>;
  readonly refunds: TmfRecordStore<StoredRefund>;

  constructor(db: Db, publicUrl: string | (() => string)) {
    this.payments = new TmfRecordStore(db, TMF676_BASE_PATH, 'payment', paymentListSpec, publicUrl);
    this.refunds = new TmfRecordStore(db, TMF676_BASE_PATH, 'refund', refundListSpec, publicUrl);
  }

  async ensureIndexes(): Promise<void> {
    await this.payments.ensureIndexes();
    await this.refunds.ensureIndexes();
    await this.payments.collection.createIndex({ '_ordo.abandoned.nextTryAt': 1 }, { sparse: true });
  }

  /** A unit's payments, first attempt first. */
  paymentsOfUnit(orderId: string, unitId: string): Promise<StoredPayment[]> {
    return this.payments.findWhere({ '_ordo.orderId': orderId, '_ordo.unitId': unitId }, { '_ordo.attempt': 1 });
  }

  paymentsOfOrder(orderId: string): Promise<StoredPayment[]> {
    return this.payments.findWhere({ '_ordo.orderId': orderId }, { '_ordo.attempt': 1 });
  }

  /** A cart's checkout payments that are abandoned and not settled yet (not those handed to a person: they have no next try). */
  abandonedOfCart(cartId: string): Promise<StoredPayment[]> {
    return this.payments.findWhere({ '_ordo.abandoned.nextTryAt': { $gte: new Date(0) }, '_ordo.cartId': cartId });
  }

  /**
   * Abandoned payments due for another settlement try; each one taken is put off (backing off up
   * to 5 minutes), so one the provider keeps failing never starves the others.
   */
  async abandonedDue(now: Date, limit: number): Promise<StoredPayment[]> {
    const due = await this.payments.collection.find({ '_ordo.abandoned.nextTryAt': { $lte: now } }).sort({ '_ordo.abandoned.nextTryAt': 1 }).limit(limit).toArray() as StoredPayment[];
    const taken: StoredPayment[] = [];
    for (const payment of due) {
      const { at, nextTryAt } = payment._ordo.abandoned!;
      const waited = Math.max(5_000, now.getTime() - at.getTime());
      const next = new Date(now.getTime() + Math.min(waited, 300_000));
      // Another instance may take it first: the one whose write lands settles it.
      const claimed = await this.payments.collection.updateOne({ _id: payment._id, '_ordo.abandoned.nextTryAt': nextTryAt }, { $set: { '_ordo.abandoned.nextTryAt': next } });
      if (claimed.modifiedCount === 1) taken.push(payment);
    }
    return taken;
  }
}

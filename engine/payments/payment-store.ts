import { backedOff, claimDue } from '../db/claim-due.js';
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
    // The needsPerson gauge counts them at every scrape.
    await this.payments.collection.createIndex({ '_ordo.abandoned.needsPerson.at': 1 }, { sparse: true });
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
    // Another instance may take one first: the one whose write lands settles it.
    return claimDue(this.payments.collection, due, '_ordo.abandoned.nextTryAt', (p) => p._ordo.abandoned!.nextTryAt, (p) => backedOff(p._ordo.abandoned!.at, now));
  }
}

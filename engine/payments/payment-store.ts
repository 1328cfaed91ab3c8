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
  }

  /** A unit's payments, first attempt first. */
  paymentsOfUnit(orderId: string, unitId: string): Promise<StoredPayment[]> {
    return this.payments.findWhere({ '_ordo.orderId': orderId, '_ordo.unitId': unitId }, { '_ordo.attempt': 1 });
  }

  paymentsOfOrder(orderId: string): Promise<StoredPayment[]> {
    return this.payments.findWhere({ '_ordo.orderId': orderId }, { '_ordo.attempt': 1 });
  }
}

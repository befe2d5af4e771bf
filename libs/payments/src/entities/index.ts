import { FundingSource } from './funding-source.entity';
import { PaymentPin } from './payment-pin.entity';
import { PayoutAccount } from './payout-account.entity';
import { PaymentIntent } from './payment-intent.entity';
import { PaymentRefund } from './payment-refund.entity';
import { PaymentDispute } from './payment-dispute.entity';
import { IdempotencyRecord } from './idempotency-record.entity';
import { PspWebhookEvent } from './psp-webhook-event.entity';
import { PspSimulatorEntry } from './psp-simulator-entry.entity';
import { LedgerAccount, LedgerEntry, LedgerTransaction } from './ledger.entities';

/** The payments entities, importable without GraphQL models or Nest modules (`@kedai/payments/entities`). */
export const PAYMENTS_ENTITIES = [
  FundingSource,
  PaymentPin,
  PayoutAccount,
  PaymentIntent,
  PaymentRefund,
  PaymentDispute,
  IdempotencyRecord,
  PspWebhookEvent,
  PspSimulatorEntry,
  LedgerAccount,
  LedgerTransaction,
  LedgerEntry,
];

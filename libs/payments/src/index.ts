// The public API of @kedai/payments: what checkout and P2P use.
export * from './payments.module';
export * from './payments.service';
export * from './refund.service';
export * from './eligibility.service';
export * from './payout-account.service';
export * from './payments.jobs';
export * from './errors';
export { IdempotencyService, actorScope, keyReference, type IdempotentRun } from './idempotency.service';
export type { IntentView } from './intent-view';
export type { IntentState } from './intent-state-machine';
export { INTENT_TRANSITIONS } from './intent-state-machine';
export { PaymentProvider } from './psp/psp.port';
export { PspSimulator } from './psp/psp-simulator';
export { signPayload, SIGNATURE_HEADER } from './psp/webhook-signature';
export { PAYMENTS_ENTITIES } from './entities';
export { PaymentIntentModel } from './models/payments.models';
export { WalletService } from './wallet.service';
export { PinService } from './pin.service';

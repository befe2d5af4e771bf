import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { WorkerRuntimeModule } from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { IdentityModule } from '@kedai/identity';
import { PAYMENTS_ENTITIES } from './entities';
import { EligibilityService } from './eligibility.service';
import { FundingSourceService } from './funding-source.service';
import { IdempotencyService } from './idempotency.service';
import { LedgerService } from './ledger/ledger.service';
import { MerchantLedgerService } from './merchant-ledger.service';
import { MerchantPaymentsResolver } from './merchant-payments.resolver';
import { PaymentEventsHandler } from './payment-events.handler';
import { PaymentIntentResolver } from './payment-intent.resolver';
import { PaymentMetrics } from './payment-metrics';
import { paymentsConfig } from './payments.config';
import { PaymentsProcessor } from './payments.processor';
import { PaymentsService } from './payments.service';
import { IntentAccess } from './intent-access';
import { IntentConfirmation } from './intent-confirmation.service';
import { OneCallPayment } from './one-call-payment.service';
import { PayoutAccountService } from './payout-account.service';
import { PinResolver } from './pin.resolver';
import { PinService } from './pin.service';
import { PspWebhookController } from './psp-webhook.controller';
import { PaymentProvider } from './psp/psp.port';
import { PspSimulator } from './psp/psp-simulator';
import { PspSimulatorStore } from './psp/psp-simulator-store';
import { RawWebhookBody } from './raw-webhook-body';
import { RefundService } from './refund.service';
import { SettlementService } from './settlement.service';
import { WalletResolver } from './wallet.resolver';
import { WalletService } from './wallet.service';
import { WebhookService } from './webhook.service';

/**
 * Payments: funding sources, PIN, intents, the PSP port (the simulator today), refunds, disputes
 * and the ledger. Other domains use PaymentsService (and subscribe to the payments.* jobs).
 */
@Module({
  imports: [
    ConfigModule.forFeature(paymentsConfig),
    MikroOrmModule.forFeature(PAYMENTS_ENTITIES),
    BusinessModule,
    IdentityModule,
  ],
  providers: [
    PspSimulatorStore,
    PspSimulator,
    { provide: PaymentProvider, useExisting: PspSimulator },
    LedgerService,
    IdempotencyService,
    EligibilityService,
    FundingSourceService,
    PinService,
    PayoutAccountService,
    SettlementService,
    IntentAccess,
    IntentConfirmation,
    OneCallPayment,
    PaymentsService,
    RefundService,
    WalletService,
    WebhookService,
    MerchantLedgerService,
    PaymentMetrics,
  ],
  // Public: PaymentsService, RefundService, EligibilityService, IdempotencyService (index.ts); the rest serve this lib's own edge modules.
  exports: [
    PaymentsService,
    IdempotencyService,
    RefundService,
    EligibilityService,
    PayoutAccountService,
    PaymentProvider,
    PspSimulator,
    FundingSourceService,
    PinService,
    WalletService,
    WebhookService,
    MerchantLedgerService,
  ],
})
export class PaymentsModule {}

/** The GraphQL and REST edge of payments; only the API imports it. */
@Module({
  imports: [PaymentsModule],
  controllers: [PspWebhookController],
  providers: [RawWebhookBody, WalletResolver, PinResolver, PaymentIntentResolver, MerchantPaymentsResolver],
})
export class PaymentsApiModule {}

/** The worker side: the reconciliation job and its schedule, and the payment event consumers. */
@Module({
  imports: [PaymentsModule, WorkerRuntimeModule, ConfigModule.forFeature(paymentsConfig)],
  providers: [PaymentsProcessor, PaymentEventsHandler],
})
export class PaymentsWorkerModule {}

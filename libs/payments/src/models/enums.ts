import { registerEnumType } from '@nestjs/graphql';

export const PaymentPurposeKind = { ORDER: 'order', TRANSFER: 'transfer' } as const;
registerEnumType(PaymentPurposeKind, { name: 'PaymentPurposeKind' });

export const CaptureMethodEnum = { AUTOMATIC: 'automatic', MANUAL: 'manual' } as const;
registerEnumType(CaptureMethodEnum, { name: 'CaptureMethod', description: 'MANUAL: authorise now, capture later' });

export const FundingSourceKindEnum = { CARD: 'card', EXTERNAL_WALLET: 'external_wallet', KEDAI_WALLET: 'kedai_wallet' } as const;
registerEnumType(FundingSourceKindEnum, { name: 'FundingSourceKind' });

export const PaymentIntentStateEnum = {
  REQUIRES_PAYMENT_METHOD: 'requires_payment_method',
  REQUIRES_CONFIRMATION: 'requires_confirmation',
  REQUIRES_ACTION: 'requires_action',
  PROCESSING: 'processing',
  REQUIRES_CAPTURE: 'requires_capture',
  SUCCEEDED: 'succeeded',
  CANCELED: 'canceled',
} as const;
registerEnumType(PaymentIntentStateEnum, { name: 'PaymentIntentState' });

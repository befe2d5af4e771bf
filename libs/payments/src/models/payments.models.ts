import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { money, MoneyModel } from '@kedai/core';
import type { FundingSource } from '../entities/funding-source.entity';
import type { PayoutAccount } from '../entities/payout-account.entity';
import type { IntentView } from '../intent-view';
import type { MerchantBalance, MerchantTransaction, ReconciliationReport } from '../merchant-ledger.service';
import type { PinStatus } from '../pin.service';
import { CaptureMethodEnum, FundingSourceKindEnum, PaymentIntentStateEnum, PaymentPurposeKind } from './enums';

@ObjectType('FundingSource', { description: 'A card or wallet, masked: never the card number' })
export class FundingSourceModel {
  @Field(() => ID) id!: string;
  @Field(() => FundingSourceKindEnum) kind!: string;
  @Field(() => String, { nullable: true, description: 'visa or mastercard' }) brand!: string | null;
  @Field(() => String, { nullable: true }) last4!: string | null;
  @Field(() => Int, { nullable: true }) expMonth!: number | null;
  @Field(() => Int, { nullable: true }) expYear!: number | null;
  @Field({ description: 'A linked wallet’s masked account, or the Kedai wallet’s name' }) label!: string;
  @Field(() => String, { nullable: true }) currency!: string | null;
  @Field() isDefault!: boolean;
  @Field() createdAt!: Date;

  static from(s: FundingSource): FundingSourceModel {
    return Object.assign(new FundingSourceModel(), {
      id: s.id,
      kind: s.kind,
      brand: s.brand,
      last4: s.last4,
      expMonth: s.expMonth,
      expYear: s.expYear,
      label: s.label,
      currency: s.currency,
      isDefault: s.isDefault,
      createdAt: s.createdAt,
    });
  }
}

@ObjectType('PaymentPurpose')
export class PaymentPurposeModel {
  @Field(() => PaymentPurposeKind) kind!: string;
  @Field() referenceId!: string;
}

@ObjectType('PaymentNextAction', { description: 'What the payer must do: complete a 3-D Secure challenge' })
export class PaymentNextActionModel {
  @Field() type!: string;
  @Field() challengeId!: string;
}

@ObjectType('PaymentIntent')
export class PaymentIntentModel {
  @Field(() => ID) id!: string;
  @Field(() => PaymentIntentStateEnum) state!: string;
  @Field(() => MoneyModel) amount!: MoneyModel;
  @Field(() => MoneyModel) amountAuthorized!: MoneyModel;
  @Field(() => MoneyModel) amountCaptured!: MoneyModel;
  @Field(() => MoneyModel) amountRefunded!: MoneyModel;
  @Field(() => MoneyModel, { description: 'Held or lost in disputes' }) amountDisputed!: MoneyModel;
  @Field(() => PaymentPurposeModel) purpose!: PaymentPurposeModel;
  @Field(() => ID, { nullable: true }) businessId!: string | null;
  @Field(() => CaptureMethodEnum) captureMethod!: string;
  @Field(() => ID, { nullable: true }) fundingSourceId!: string | null;
  @Field(() => PaymentNextActionModel, { nullable: true }) nextAction!: PaymentNextActionModel | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (card_declined, insufficient_funds…)' })
  failureCode!: string | null;
  @Field(() => String, { nullable: true }) failureMessage!: string | null;
  @Field() createdAt!: Date;

  static from(v: IntentView): PaymentIntentModel {
    const m = (amount: string) => MoneyModel.of(money(amount, v.currency));
    return Object.assign(new PaymentIntentModel(), {
      id: v.id,
      state: v.state,
      amount: m(v.amount),
      amountAuthorized: m(v.amountAuthorized),
      amountCaptured: m(v.amountCaptured),
      amountRefunded: m(v.amountRefunded),
      amountDisputed: m(v.amountDisputed),
      purpose: Object.assign(new PaymentPurposeModel(), v.purpose),
      businessId: v.businessId,
      captureMethod: v.captureMethod,
      fundingSourceId: v.fundingSourceId,
      nextAction: v.nextAction ? Object.assign(new PaymentNextActionModel(), v.nextAction) : null,
      failureCode: v.failureCode,
      failureMessage: v.failureMessage,
      createdAt: new Date(v.createdAt),
    });
  }
}

@ObjectType('PaymentPinStatus')
export class PinStatusModel {
  @Field() set!: boolean;
  @Field(() => Date, { nullable: true, description: 'Payments are locked until then after too many wrong PINs' })
  lockedUntil!: Date | null;

  static from(s: PinStatus): PinStatusModel {
    return Object.assign(new PinStatusModel(), s);
  }
}

@ObjectType('PaymentPinResetCodeSent')
export class PinResetCodeSentModel {
  @Field() expiresAt!: Date;
}

@ObjectType('PaymentEligibility')
export class EligibilityModel {
  @Field() eligible!: boolean;
  @Field(() => String, { nullable: true, description: 'Why not: DATE_OF_BIRTH_MISSING, UNDER_18, COUNTRY_NOT_SUPPORTED…' })
  reason!: string | null;
}

@ObjectType('PayoutAccount')
export class PayoutAccountModel {
  @Field(() => ID) businessId!: string;
  @Field() holderName!: string;
  @Field() bankName!: string;
  @Field() accountLast4!: string;
  @Field(() => Int, { description: 'The platform fee for this business, in basis points' }) platformFeeBps!: number;
  @Field() updatedAt!: Date;

  static from(a: PayoutAccount & { effectiveFeeBps: number }): PayoutAccountModel {
    return Object.assign(new PayoutAccountModel(), {
      businessId: a.businessId,
      holderName: a.holderName,
      bankName: a.bankName,
      accountLast4: a.accountLast4,
      platformFeeBps: a.effectiveFeeBps,
      updatedAt: a.updatedAt,
    });
  }
}

@ObjectType('MerchantBalance')
export class MerchantBalanceModel {
  @Field(() => MoneyModel) available!: MoneyModel;
  @Field(() => MoneyModel, { description: 'Held while disputes are open' }) held!: MoneyModel;

  static from(b: MerchantBalance): MerchantBalanceModel {
    return Object.assign(new MerchantBalanceModel(), { available: MoneyModel.of(b.available), held: MoneyModel.of(b.held) });
  }
}

@ObjectType('MerchantTransaction', { description: 'One line of the business’s ledger' })
export class MerchantTransactionModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'charge, refund, dispute_hold, dispute_won, dispute_lost' }) kind!: string;
  @Field({ description: 'merchant_receivable or dispute_hold' }) account!: string;
  @Field(() => MoneyModel, { description: 'Positive: in; negative: out' }) amount!: MoneyModel;
  @Field(() => ID, { nullable: true }) intentId!: string | null;
  @Field() createdAt!: Date;

  static from(t: MerchantTransaction): MerchantTransactionModel {
    return Object.assign(new MerchantTransactionModel(), { ...t, amount: MoneyModel.of(t.amount) });
  }
}

@ObjectType('PaymentsReconciliation', { description: 'Ledger totals compared with what the intents say' })
export class ReconciliationModel {
  @Field() currency!: string;
  @Field(() => Int) intents!: number;
  @Field(() => MoneyModel) captured!: MoneyModel;
  @Field(() => MoneyModel) refunded!: MoneyModel;
  @Field(() => MoneyModel) fees!: MoneyModel;
  @Field(() => MoneyModel) disputesHeld!: MoneyModel;
  @Field(() => MoneyModel) disputesLost!: MoneyModel;
  @Field(() => MoneyModel) expectedAvailable!: MoneyModel;
  @Field(() => MoneyModel) ledgerAvailable!: MoneyModel;
  @Field(() => MoneyModel) expectedHeld!: MoneyModel;
  @Field(() => MoneyModel) ledgerHeld!: MoneyModel;
  @Field(() => [ID]) mismatchedIntentIds!: string[];
  @Field() balanced!: boolean;

  static from(r: ReconciliationReport): ReconciliationModel {
    const out = new ReconciliationModel();
    for (const [k, v] of Object.entries(r)) {
      (out as unknown as Record<string, unknown>)[k] = v && typeof v === 'object' && 'amount' in v ? MoneyModel.of(v) : v;
    }
    return out;
  }
}

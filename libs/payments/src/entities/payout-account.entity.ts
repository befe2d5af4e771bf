import { Check, Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp } from '@mikro-orm/core';
import { Business } from '@kedai/business/entities/business.entity';

/**
 * Where a business's money goes. Needed before a business can take payments. The account number
 * itself is held by the PSP (we keep its reference and the last 4 digits), as with cards.
 */
@Entity({ tableName: 'payout_account' })
@Check({
  name: 'payout_account_holder_name_check',
  expression: 'char_length(holder_name) >= 1 and char_length(holder_name) <= 100',
})
@Check({ name: 'payout_account_bank_name_check', expression: 'char_length(bank_name) >= 1 and char_length(bank_name) <= 100' })
@Check({ name: 'payout_account_last4_check', expression: "account_last4 ~ '^[0-9]{4}$'" })
@Check({ name: 'payout_account_fee_check', expression: 'platform_fee_bps >= 0 and platform_fee_bps <= 5000' })
export class PayoutAccount {
  [PrimaryKeyProp]?: 'businessId';

  @ManyToOne(() => Business, {
    primary: true,
    mapToPk: true,
    joinColumn: 'business_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly businessId: string;

  @Property({ type: 'text' })
  holderName: string;

  @Property({ type: 'text' })
  bankName: string;

  @Property({ type: 'character', length: 4 })
  accountLast4: string;

  @Property({ type: 'text' })
  pspAccountRef: string;

  /** The platform's fee for this business in basis points; null: the configured default. */
  @Property({ type: 'integer', nullable: true })
  platformFeeBps: number | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(input: { businessId: string; holderName: string; bankName: string; accountLast4: string; pspAccountRef: string }) {
    this.businessId = input.businessId;
    this.holderName = input.holderName;
    this.bankName = input.bankName;
    this.accountLast4 = input.accountLast4;
    this.pspAccountRef = input.pspAccountRef;
  }
}

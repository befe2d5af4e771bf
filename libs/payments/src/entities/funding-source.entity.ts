import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
// Only for the foreign key: payments holds the person's id, never the person (see PersonService).
import { Person } from '@kedai/identity/entities/person.entity';

export const FUNDING_SOURCE_KINDS = ['card', 'external_wallet', 'kedai_wallet'] as const;
export type FundingSourceKind = (typeof FUNDING_SOURCE_KINDS)[number];
export type CardBrand = 'visa' | 'mastercard';

/**
 * Something a person pays with. A card is kept as the PSP's token plus what a person needs to
 * recognise it (brand, last 4, expiry): the number and CVC went to the PSP and never came here.
 */
@Entity({ tableName: 'funding_source' })
@Index({ name: 'funding_source_person_idx', properties: ['personId', 'createdAt'] })
@Index({
  name: 'funding_source_default_key',
  expression:
    'create unique index "funding_source_default_key" on "funding_source" ("person_id") where "is_default" and "removed_at" is null',
})
@Index({
  name: 'funding_source_kedai_wallet_key',
  expression:
    'create unique index "funding_source_kedai_wallet_key" on "funding_source" ("person_id", "currency") where "kind" = \'kedai_wallet\' and "removed_at" is null',
})
@Check({ name: 'funding_source_kind_check', expression: "kind in ('card', 'external_wallet', 'kedai_wallet')" })
@Check({ name: 'funding_source_brand_check', expression: "brand in ('visa', 'mastercard')" })
@Check({ name: 'funding_source_last4_check', expression: "last4 ~ '^[0-9]{4}$'" })
@Check({
  name: 'funding_source_expiry_check',
  expression: 'exp_month >= 1 and exp_month <= 12 and exp_year >= 2000 and exp_year <= 2100',
})
@Check({
  name: 'funding_source_card_check',
  expression:
    "kind <> 'card' or (psp_token is not null and brand is not null and last4 is not null and exp_month is not null and exp_year is not null)",
})
@Check({ name: 'funding_source_wallet_check', expression: "kind <> 'kedai_wallet' or currency is not null" })
export class FundingSource {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly personId: string;

  @Property({ type: 'text' })
  readonly kind: FundingSourceKind;

  /** The PSP's reusable token (cards, linked wallets); null for the Kedai wallet, which is ours. */
  @Property({ type: 'text', nullable: true })
  readonly pspToken: string | null = null;

  @Property({ type: 'text', nullable: true })
  readonly brand: CardBrand | null = null;

  @Property({ type: 'character', length: 4, nullable: true })
  readonly last4: string | null = null;

  @Property({ type: 'integer', nullable: true })
  readonly expMonth: number | null = null;

  @Property({ type: 'integer', nullable: true })
  readonly expYear: number | null = null;

  /** What a person sees for a linked wallet (a masked e-mail address), or '' for cards. */
  @Property({ type: 'text', default: '' })
  readonly label: string = '';

  /** The Kedai wallet's currency. */
  @Property({ type: 'character', length: 3, nullable: true })
  readonly currency: string | null = null;

  @Property({ type: 'boolean', default: false })
  isDefault: boolean = false;

  @Property({ type: 'timestamptz', nullable: true })
  removedAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: {
    personId: string;
    kind: FundingSourceKind;
    pspToken?: string | null;
    brand?: CardBrand | null;
    last4?: string | null;
    expMonth?: number | null;
    expYear?: number | null;
    label?: string;
    currency?: string | null;
  }) {
    if (input.kind === 'card' && !(input.pspToken && input.brand && input.last4 && input.expMonth && input.expYear))
      throw new RangeError('a card needs a token, brand, last 4 and expiry');
    if (input.kind === 'kedai_wallet' && !input.currency) throw new RangeError('a Kedai wallet has a currency');
    this.personId = input.personId;
    this.kind = input.kind;
    this.pspToken = input.pspToken ?? null;
    this.brand = input.brand ?? null;
    this.last4 = input.last4 ?? null;
    this.expMonth = input.expMonth ?? null;
    this.expYear = input.expYear ?? null;
    this.label = input.label ?? '';
    this.currency = input.currency ?? null;
  }
}

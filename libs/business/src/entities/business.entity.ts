import { Check, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { assertCountry, assertCurrency, assertHandle, assertLogoUrl, assertTimezone } from '../business-rules';
import { assertOpeningHours, type OpeningHours, type OpeningHoursLike } from '../opening-hours';

export interface NewBusiness {
  handle: string;
  name: string;
  description?: string;
  category?: string;
  currency: string;
  country: string;
  logoUrl?: string | null;
  /** Already in E.164: the service normalises what people type (it owns the phone rules, through identity). */
  contactPhone?: string | null;
  openingHours?: OpeningHoursLike | null;
  timezone?: string;
  listedInSearch?: boolean;
}

/** What an owner or admin may change after creation. Handle and currency stay: links and prices depend on them. */
export type BusinessChanges = Partial<Omit<NewBusiness, 'handle' | 'currency'>>;

const E164 = /^\+[1-9]\d{6,14}$/;

/** A business account: what shoppers chat with and buy from. */
@Entity({ tableName: 'business' })
@Check({ name: 'business_name_check', expression: 'char_length(name) >= 1 and char_length(name) <= 200' })
@Check({ name: 'business_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({ name: 'business_country_check', expression: "country ~ '^[A-Z]{2}$'" })
@Check({ name: 'business_handle_format', expression: "handle ~ '^[a-z0-9][a-z0-9._]{1,28}[a-z0-9]$'" })
@Check({ name: 'business_logo_url_check', expression: "logo_url ~ '^https://' and char_length(logo_url) <= 2048" })
@Check({ name: 'business_contact_phone_check', expression: "contact_phone ~ '^\\+[1-9][0-9]{6,14}$'" })
@Check({ name: 'business_opening_hours_check', expression: "jsonb_typeof(opening_hours) = 'object'" })
@Check({ name: 'business_timezone_check', expression: "timezone <> ''" })
export class Business {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  /** Public, unique, lower-case; used in links such as kedai.example/<handle>. */
  @Property({ type: 'text' })
  @Unique({ name: 'business_handle_key' })
  handle: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', default: '' })
  description: string = '';

  @Property({ type: 'text', default: '' })
  category: string = '';

  /** The currency every price of this business is in (ISO 4217). */
  @Property({ type: 'character', length: 3 })
  currency: string;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'character', length: 2 })
  country!: string;

  @Property({ type: 'text', nullable: true })
  logoUrl: string | null = null;

  /** E.164, shown to shoppers; not necessarily the phone of any member. */
  @Property({ type: 'text', nullable: true })
  contactPhone: string | null = null;

  /** Every weekday with its opening periods, in `timezone`; null when the business has not said. */
  @Property({ type: 'jsonb', nullable: true })
  openingHours: OpeningHours | null = null;

  /** IANA zone the opening hours (and later, order times on receipts) are read in. */
  @Property({ type: 'text', default: 'UTC' })
  timezone: string = 'UTC';

  /** Opted in to search across businesses; its catalog is always searchable by its own shoppers. */
  @Property({ type: 'boolean', default: false })
  listedInSearch: boolean = false;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(input: NewBusiness) {
    this.handle = assertHandle(input.handle);
    this.currency = assertCurrency(input.currency);
    this.change({ ...input });
  }

  /**
   * Applies changes, each guarded by the same rule as at creation. All or nothing: every value is
   * checked before any is assigned, so a RangeError (naming the first bad one) leaves the entity as it was.
   */
  change(changes: BusinessChanges): void {
    const next: Partial<Business> = {};
    if (changes.name !== undefined) {
      next.name = changes.name.trim();
      if (next.name.length < 1 || next.name.length > 200) throw new RangeError('a business name has 1 to 200 characters');
    }
    if (changes.description !== undefined) next.description = changes.description;
    if (changes.category !== undefined) next.category = changes.category;
    if (changes.country !== undefined) next.country = assertCountry(changes.country);
    if (changes.logoUrl !== undefined) next.logoUrl = changes.logoUrl === null ? null : assertLogoUrl(changes.logoUrl);
    if (changes.contactPhone !== undefined) {
      if (changes.contactPhone !== null && !E164.test(changes.contactPhone))
        throw new RangeError('the contact phone must be in E.164');
      next.contactPhone = changes.contactPhone;
    }
    if (changes.openingHours !== undefined) {
      next.openingHours = changes.openingHours === null ? null : assertOpeningHours(changes.openingHours);
    }
    if (changes.timezone !== undefined) next.timezone = assertTimezone(changes.timezone);
    if (changes.listedInSearch !== undefined) next.listedInSearch = changes.listedInSearch;
    Object.assign(this, next);
  }
}

import { Check, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';

/** Someone who signs in with a phone number: a shopper, a merchant's staff member, or both. */
@Entity({ tableName: 'person' })
@Check({ name: 'person_phone_check', expression: "phone ~ '^\\+[1-9][0-9]{6,14}$'" })
@Check({ name: 'person_handle_check', expression: "handle ~ '^[a-z0-9][a-z0-9._]{1,28}[a-z0-9]$'" })
@Check({ name: 'person_display_name_check', expression: 'char_length(display_name) <= 100' })
@Check({ name: 'person_country_check', expression: "country ~ '^[A-Z]{2}$'" })
export class Person {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  /** E.164; verified by the sign-in code that created the person. */
  @Property({ type: 'text' })
  @Unique({ name: 'person_phone_key' })
  readonly phone: string;

  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'person_handle_key' })
  handle?: string;

  @Property({ type: 'text', default: '' })
  displayName: string = '';

  /** ISO 3166-1 alpha-2, from the phone number until the person says otherwise. */
  @Property({ type: 'character', length: 2, nullable: true })
  country?: string;

  /** Optional until payments need it. */
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string;

  @Property({ type: 'text', nullable: true })
  avatarUrl?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly phoneVerifiedAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(phone: string, country?: string) {
    this.phone = phone;
    this.country = country;
  }
}

import { Check, Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp } from '@mikro-orm/core';
import { Person } from '@kedai/identity/entities/person.entity';

export const MAX_PIN_ATTEMPTS = 5;

/**
 * A person's payment PIN: an argon2id hash, and the wrong tries counted in this row, so the count
 * and the lock are shared by every API process and survive a restart.
 */
@Entity({ tableName: 'payment_pin' })
@Check({ name: 'payment_pin_failed_attempts_check', expression: 'failed_attempts >= 0 and failed_attempts <= 5' })
export class PaymentPin {
  [PrimaryKeyProp]?: 'personId';

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    joinColumn: 'person_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly personId: string;

  @Property({ type: 'text' })
  pinHash: string;

  @Property({ type: 'integer', default: 0 })
  failedAttempts: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(personId: string, pinHash: string) {
    this.personId = personId;
    this.pinHash = pinHash;
  }
}

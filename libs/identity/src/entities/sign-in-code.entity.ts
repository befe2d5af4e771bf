import { Check, Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';

/**
 * A one-time sign-in code. Only its HMAC is stored; `attempts` is incremented atomically before a
 * guess is compared, so parallel guesses cannot exceed the cap.
 */
@Entity({ tableName: 'sign_in_code' })
@Check({ name: 'sign_in_code_attempts_check', expression: 'attempts >= 0' })
@Index({ name: 'sign_in_code_phone_idx', properties: ['phone', 'createdAt'] })
export class SignInCode {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @Property({ type: 'text' })
  readonly phone: string;

  @Property({ type: 'text' })
  readonly codeHash: string;

  @Property({ type: 'timestamptz' })
  readonly expiresAt: Date;

  @Property({ type: 'smallint', default: 0 })
  attempts: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  consumedAt?: Date;

  /** Set when a newer code is sent: only the latest code of a phone can be used. */
  @Property({ type: 'timestamptz', nullable: true })
  supersededAt?: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(phone: string, codeHash: string, expiresAt: Date) {
    this.phone = phone;
    this.codeHash = codeHash;
    this.expiresAt = expiresAt;
  }
}

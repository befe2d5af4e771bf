import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp } from '@mikro-orm/core';

/**
 * The first answer to a request made with an idempotency key, kept so a retry gets the same
 * answer (Stripe's semantics). `scope` names the caller and operation, so two people's keys never
 * collide; `request_hash` catches a key reused with other parameters. While a request runs, its
 * `owner` holds the key until `lease_until`, renewing it as it works; a lapsed lease means the
 * owner died, and the next retry takes the key over.
 */
@Entity({ tableName: 'idempotency_record' })
@Check({ name: 'idempotency_record_key_check', expression: 'char_length(key) >= 1 and char_length(key) <= 255' })
@Check({ name: 'idempotency_record_status_check', expression: "status in ('in_progress', 'done')" })
export class IdempotencyRecord {
  [PrimaryKeyProp]?: ['scope', 'key'];

  @PrimaryKey({ type: 'text' })
  readonly scope!: string;

  @PrimaryKey({ type: 'text' })
  readonly key!: string;

  @Property({ type: 'text' })
  readonly requestHash!: string;

  @Property({ type: 'text', default: 'in_progress' })
  status: 'in_progress' | 'done' = 'in_progress';

  /** The running request that holds the key (a random id per attempt); null once done. */
  @Property({ type: 'uuid', nullable: true })
  owner: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null = null;

  @Property({ type: 'jsonb', nullable: true })
  response: unknown = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;
}

import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The PSP simulator's own records (tokens and how their test cards behave, charges, idempotent
 * references, refunds, payouts, disputes). A real PSP keeps these on its side for good; the
 * simulator keeps them in PostgreSQL, apart from our tables, so a Redis restart does not turn a
 * saved card into an "unknown payment method". Only the simulator reads or writes this table.
 */
@Entity({ tableName: 'psp_simulator_entry' })
export class PspSimulatorEntry {
  @PrimaryKey({ type: 'text' })
  readonly kind!: string;

  @PrimaryKey({ type: 'text' })
  readonly key!: string;

  @Property({ type: 'jsonb' })
  readonly value!: unknown;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();
}

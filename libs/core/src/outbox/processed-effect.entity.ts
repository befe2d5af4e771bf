import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** The record that an effect happened; its key is unique, which is what makes a consumer idempotent. */
@Entity({ tableName: 'processed_effect' })
export class ProcessedEffect {
  @PrimaryKey({ type: 'text' })
  readonly key: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly processedAt: Date = new Date();

  constructor(key: string) {
    this.key = key;
  }
}

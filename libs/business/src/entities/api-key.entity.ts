import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Person } from '@kedai/identity/entities/person.entity';
import type { Permission } from '../permissions';
import { Business } from './business.entity';

/**
 * A key a business's own bots and integrations use to act as the business, within its scopes.
 * Only the SHA-256 of its secret is kept; the public prefix finds the row without a scan.
 */
@Entity({ tableName: 'api_key' })
@Index({ name: 'api_key_business_idx', properties: ['businessId'] })
@Check({ name: 'api_key_name_check', expression: 'char_length(name) >= 1 and char_length(name) <= 100' })
@Check({ name: 'api_key_prefix_check', expression: "prefix ~ '^[0-9a-f]{12}$'" })
@Check({ name: 'api_key_secret_hash_check', expression: 'char_length(secret_hash) = 43' })
@Check({
  name: 'api_key_scopes_check',
  expression:
    "cardinality(scopes) >= 1 and scopes <@ array['business:edit'::text, 'catalog:write'::text, 'orders:read'::text, 'orders:manage'::text, 'orders:refund'::text, 'chats:answer'::text, 'members:manage'::text, 'apikeys:manage'::text]",
})
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  name: string;

  /** The public part of the key (kd_<prefix>_<secret>), shown in lists so people can tell keys apart. */
  @Property({ type: 'text' })
  @Unique({ name: 'api_key_prefix_key' })
  readonly prefix: string;

  /** base64url SHA-256 of the secret; the secret itself is shown once and never stored. */
  @Property({ type: 'text', hidden: true })
  readonly secretHash: string;

  @Property({ type: 'text[]' })
  readonly scopes: Permission[];

  /** Null when trusted code (a seed, an operator) made the key, or the person has since been deleted. */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'created_by',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  readonly createdBy: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  /** Recorded at most once a minute, so a busy bot does not turn every request into a write. */
  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(input: {
    businessId: string;
    name: string;
    prefix: string;
    secretHash: string;
    scopes: Permission[];
    createdBy: string | null;
  }) {
    this.businessId = input.businessId;
    this.name = input.name;
    this.prefix = input.prefix;
    this.secretHash = input.secretHash;
    this.scopes = input.scopes;
    this.createdBy = input.createdBy;
  }
}

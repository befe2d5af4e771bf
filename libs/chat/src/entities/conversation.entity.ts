import { BigIntType, PrimaryKeyProp } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
// Only for the foreign keys: chat holds ids of businesses and people, never the rows.
import { Business } from '@kedai/business/entities/business.entity';
import { Person } from '@kedai/identity/entities/person.entity';

export const CONVERSATION_KINDS = ['business', 'direct', 'group'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];
export type Handler = 'bot' | 'agent';
export const GROUP_MAX_MEMBERS = 256;

/**
 * A conversation: a shopper with a business (one per pair), two people (one per pair), or a group.
 * `lastSeq` is the sequence number of its newest message; a send takes the next one under this
 * row's lock, in the send's transaction, so numbers never go back and a rolled-back send leaves
 * no gap.
 */
@Entity({ tableName: 'conversation' })
@Index({ name: 'conversation_business_idx', properties: ['businessId', 'lastMessageAt'] })
@Check({ name: 'conversation_kind_check', expression: "kind in ('business', 'direct', 'group')" })
@Check({
  name: 'conversation_shape_check',
  expression:
    "(kind = 'business') = (business_id is not null) and (kind = 'group') = (pair_key is null) and (kind = 'group' or title is null)",
})
@Check({ name: 'conversation_title_check', expression: 'char_length(title) >= 1 and char_length(title) <= 100' })
@Check({ name: 'conversation_photo_url_check', expression: "photo_url ~ '^https://' and char_length(photo_url) <= 2048" })
@Check({
  name: 'conversation_handler_check',
  expression: "(kind = 'business') = (handler is not null) and (handler is null or handler in ('bot', 'agent'))",
})
@Check({
  name: 'conversation_seq_check',
  expression: 'last_seq >= 0 and business_read_seq >= 0 and business_read_seq <= last_seq',
})
export class Conversation {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @Property({ type: 'text' })
  readonly kind: ConversationKind;

  /** `business:<businessId>:<personId>` or `direct:<personA>:<personB>` (ids sorted); null for groups. */
  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'conversation_pair_key_key' })
  readonly pairKey: string | null;

  @ManyToOne(() => Business, {
    mapToPk: true,
    joinColumn: 'business_id',
    nullable: true,
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly businessId: string | null;

  @Property({ type: 'text', nullable: true })
  title: string | null = null;

  @Property({ type: 'text', nullable: true })
  photoUrl: string | null = null;

  /** Who answers a business conversation: its bot, or an agent (handlerPersonId). */
  @Property({ type: 'text', nullable: true })
  handler: Handler | null = null;

  /** The network the shopper writes from when not Kedai's apps (`whatsapp`: a bridged real number). */
  @Property({ type: 'text', nullable: true })
  bridge: string | null = null;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'handler_person_id',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  handlerPersonId: string | null = null;

  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  lastSeq: number = 0;

  /** How far the business side (any of its agents or bots) has read a business conversation. */
  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  businessReadSeq: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null = null;

  @Property({ type: 'text', default: '' })
  lastMessagePreview: string = '';

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

  constructor(input: {
    kind: ConversationKind;
    pairKey: string | null;
    businessId?: string | null;
    createdBy: string | null;
    title?: string;
  }) {
    this.kind = input.kind;
    this.pairKey = input.pairKey;
    this.businessId = input.businessId ?? null;
    this.createdBy = input.createdBy;
    if (input.kind === 'group') this.title = Conversation.checkTitle(input.title ?? '');
    if (input.kind === 'business') this.handler = 'bot';
  }

  static checkTitle(title: string): string {
    const t = title.trim();
    if (t.length < 1 || t.length > 100) throw new RangeError('a group title has 1 to 100 characters');
    return t;
  }

  static businessKey(businessId: string, personId: string): string {
    return `business:${businessId}:${personId}`;
  }

  static directKey(a: string, b: string): string {
    return `direct:${[a, b].sort().join(':')}`;
  }
}

export type MemberRole = 'member' | 'admin';

/** A person in a conversation, with how far they have received and read it. */
@Entity({ tableName: 'conversation_member' })
@Index({ name: 'conversation_member_person_idx', properties: ['personId'] })
@Check({ name: 'conversation_member_role_check', expression: "role in ('member', 'admin')" })
@Check({ name: 'conversation_member_seq_check', expression: 'last_read_seq >= 0 and last_delivered_seq >= last_read_seq' })
export class ConversationMember {
  [PrimaryKeyProp]?: ['conversationId', 'personId'];

  @ManyToOne(() => Conversation, {
    primary: true,
    mapToPk: true,
    joinColumn: 'conversation_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly conversationId: string;

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    joinColumn: 'person_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly personId: string;

  @Property({ type: 'text', default: 'member' })
  role: MemberRole = 'member';

  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  lastReadSeq: number = 0;

  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  lastDeliveredSeq: number = 0;

  @Property({ type: 'boolean', default: false })
  muted: boolean = false;

  @Property({ type: 'boolean', default: false })
  archived: boolean = false;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  joinedAt: Date = new Date();

  /** Set when they left or were removed; they keep what they saw until then, and see nothing new. */
  @Property({ type: 'timestamptz', nullable: true })
  leftAt: Date | null = null;

  constructor(conversationId: string, personId: string, role: MemberRole = 'member') {
    this.conversationId = conversationId;
    this.personId = personId;
    this.role = role;
  }
}

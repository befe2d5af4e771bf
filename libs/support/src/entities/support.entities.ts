import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
// Only for the foreign keys: support holds ids of businesses, people and conversations, never the rows.
import { Business } from '@kedai/business/entities/business.entity';
import { Conversation } from '@kedai/chat/entities/conversation.entity';
import { Person } from '@kedai/identity/entities/person.entity';

/**
 * A trained model (nlp.js's JSON): `platform`, or a business's (platform intents + its FAQ).
 * Workers load it and keep it while `version` stays the same.
 */
@Entity({ tableName: 'support_model' })
export class SupportModel {
  /** `platform` or the business id. */
  @PrimaryKey({ type: 'text' })
  readonly key: string;

  @Property({ type: 'integer' })
  version: number;

  /** What it was trained from (corpus and FAQ entries), so an unchanged source is not trained again. */
  @Property({ type: 'text' })
  sourceHash: string;

  @Property({ type: 'text' })
  model: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  trainedAt: Date = new Date();

  constructor(key: string, version: number, sourceHash: string, model: string) {
    this.key = key;
    this.version = version;
    this.sourceHash = sourceHash;
    this.model = model;
  }
}

/**
 * The bot's short-lived state in one conversation: the language it last spoke, how many messages
 * in a row it did not understand, and a question it is waiting on ("which order?", "cancel it?")
 * that lapses at `pendingExpiresAt`. In PostgreSQL, so any worker can pick up the next message.
 */
@Entity({ tableName: 'support_session' })
@Check({ name: 'support_session_misses_check', expression: 'misses >= 0' })
export class SupportSession {
  @ManyToOne(() => Conversation, {
    primary: true,
    mapToPk: true,
    joinColumn: 'conversation_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly conversationId: string;

  @Property({ type: 'text', nullable: true })
  language: string | null = null;

  @Property({ type: 'integer', default: 0 })
  misses: number = 0;

  @Property({ type: 'jsonb', nullable: true })
  pending: Record<string, unknown> | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  pendingExpiresAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(conversationId: string) {
    this.conversationId = conversationId;
  }
}

export const HANDOFF_REASONS = ['asked', 'low_confidence', 'angry', 'dispute'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];
export const HANDOFF_STATUSES = ['waiting', 'claimed', 'returned', 'resolved'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/**
 * A conversation handed from the bot to the business's agents: waiting in the queue, claimed by
 * one agent (a guarded update, so two claims cannot both win), then handed back to the bot or
 * resolved. At most one is open per conversation. The record of who, when and why is what the
 * merchant's figures (handoffs, waits, bot resolution rate) are computed from.
 */
@Entity({ tableName: 'support_handoff' })
@Index({ name: 'support_handoff_queue_idx', properties: ['businessId', 'status', 'createdAt'] })
@Index({
  name: 'support_handoff_open_key',
  expression:
    'create unique index "support_handoff_open_key" on "support_handoff" ("conversation_id") where "status" in (\'waiting\', \'claimed\')',
})
@Check({ name: 'support_handoff_reason_check', expression: "reason in ('asked', 'low_confidence', 'angry', 'dispute')" })
@Check({ name: 'support_handoff_status_check', expression: "status in ('waiting', 'claimed', 'returned', 'resolved')" })
@Check({
  name: 'support_handoff_claim_check',
  expression: "(status = 'waiting') = (claimed_at is null) or status in ('returned', 'resolved')",
})
export class SupportHandoff {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Conversation, { mapToPk: true, joinColumn: 'conversation_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly conversationId: string;

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly personId: string;

  @Property({ type: 'text' })
  readonly reason: HandoffReason;

  /** The intent that led here (e.g. `dispute`), or null when nothing was understood. */
  @Property({ type: 'text', nullable: true })
  readonly intent: string | null;

  @Property({ type: 'text' })
  readonly language: string;

  /** The bot's exchange before the handoff, for the agent who picks it up. */
  @Property({ type: 'text' })
  readonly summary: string;

  @Property({ type: 'text', default: 'waiting' })
  status: HandoffStatus = 'waiting';

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'agent_id',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  agentId: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  /** `person:<id>` who handed back or resolved. */
  @Property({ type: 'text', nullable: true })
  closedBy: string | null = null;

  constructor(input: {
    conversationId: string;
    businessId: string;
    personId: string;
    reason: HandoffReason;
    intent: string | null;
    language: string;
    summary: string;
  }) {
    this.conversationId = input.conversationId;
    this.businessId = input.businessId;
    this.personId = input.personId;
    this.reason = input.reason;
    this.intent = input.intent;
    this.language = input.language;
    this.summary = input.summary;
  }
}

/** An agent's note on a handoff: for the business's people, never shown to the shopper. */
@Entity({ tableName: 'support_note' })
@Index({ name: 'support_note_handoff_idx', properties: ['handoffId', 'createdAt'] })
@Check({ name: 'support_note_body_check', expression: 'char_length(body) >= 1 and char_length(body) <= 4096' })
export class SupportNote {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => SupportHandoff, { mapToPk: true, joinColumn: 'handoff_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly handoffId: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'author_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly authorId: string;

  @Property({ type: 'text' })
  readonly body: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(handoffId: string, authorId: string, body: string) {
    this.handoffId = handoffId;
    this.authorId = authorId;
    this.body = body;
  }
}

export const ANSWER_OUTCOMES = ['answered', 'not_understood', 'handed_off', 'with_agent'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

/**
 * One shopper message the bot handled, keyed by the message: what it understood and what came of
 * it. The figures (bot resolution rate) are counted from here.
 */
@Entity({ tableName: 'support_answer' })
@Index({ name: 'support_answer_business_idx', properties: ['businessId', 'createdAt'] })
@Check({
  name: 'support_answer_outcome_check',
  expression: "outcome in ('answered', 'not_understood', 'handed_off', 'with_agent')",
})
export class SupportAnswer {
  @PrimaryKey({ type: 'uuid' })
  readonly messageId: string;

  @ManyToOne(() => Conversation, { mapToPk: true, joinColumn: 'conversation_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly conversationId: string;

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  readonly intent: string;

  @Property({ type: 'double' })
  readonly confidence: number;

  @Property({ type: 'text' })
  readonly language: string;

  @Property({ type: 'text' })
  readonly outcome: AnswerOutcome;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: Omit<SupportAnswer, 'createdAt'>) {
    this.messageId = input.messageId;
    this.conversationId = input.conversationId;
    this.businessId = input.businessId;
    this.intent = input.intent;
    this.confidence = input.confidence;
    this.language = input.language;
    this.outcome = input.outcome;
  }
}

/** A shopper's request for a refund of an order, opened through the bot; the merchant sees and closes it. */
@Entity({ tableName: 'support_refund_request' })
@Index({ name: 'support_refund_request_business_idx', properties: ['businessId', 'createdAt'] })
@Index({
  name: 'support_refund_request_open_key',
  expression:
    'create unique index "support_refund_request_open_key" on "support_refund_request" ("order_id") where "status" = \'open\'',
})
@Index({
  name: 'support_refund_request_person_open_idx',
  expression:
    'create index "support_refund_request_person_open_idx" on "support_refund_request" ("person_id", "created_at") where "status" = \'open\'',
})
@Check({ name: 'support_refund_request_status_check', expression: "status in ('open', 'closed')" })
export class SupportRefundRequest {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly personId: string;

  /** The order (checkout's id); checked through OrderService when opened. */
  @Property({ type: 'uuid' })
  readonly orderId: string;

  @Property({ type: 'text' })
  readonly orderReference: string;

  @ManyToOne(() => Conversation, { mapToPk: true, joinColumn: 'conversation_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly conversationId: string;

  @Property({ type: 'text', default: '' })
  readonly reason: string;

  @Property({ type: 'text', default: 'open' })
  status: 'open' | 'closed' = 'open';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: {
    businessId: string;
    personId: string;
    orderId: string;
    orderReference: string;
    conversationId: string;
    reason: string;
  }) {
    this.businessId = input.businessId;
    this.personId = input.personId;
    this.orderId = input.orderId;
    this.orderReference = input.orderReference;
    this.conversationId = input.conversationId;
    this.reason = input.reason;
  }
}

/** A business's FAQ entry in one language: ways people ask it, the answer, and keywords that pick it outright. */
@Entity({ tableName: 'support_faq' })
@Index({ name: 'support_faq_business_idx', properties: ['businessId'] })
@Check({ name: 'support_faq_answer_check', expression: 'char_length(answer) >= 1 and char_length(answer) <= 4096' })
export class SupportFaq {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  language: string;

  @Property({ type: 'jsonb' })
  questions: string[];

  @Property({ type: 'text' })
  answer: string;

  @Property({ type: 'jsonb', default: '[]' })
  keywords: string[] = [];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(input: { businessId: string; language: string; questions: string[]; answer: string; keywords: string[] }) {
    this.businessId = input.businessId;
    this.language = input.language;
    this.questions = input.questions;
    this.answer = input.answer;
    this.keywords = input.keywords;
  }
}

/** Whether a business's bot answers its shoppers (off until the merchant turns it on; on for Kedai Support). */
@Entity({ tableName: 'support_settings' })
export class SupportSettings {
  @ManyToOne(() => Business, {
    primary: true,
    mapToPk: true,
    joinColumn: 'business_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly businessId: string;

  @Property({ type: 'boolean', default: false })
  botEnabled: boolean = false;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(businessId: string, botEnabled: boolean) {
    this.businessId = businessId;
    this.botEnabled = botEnabled;
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isUniqueViolation, OnEvent, RequestContext, Sql, type JobInfo } from '@kedai/core';
import { isOpenAt } from '@kedai/business';
import { MessageService, shopperWrote, type MessageView } from '@kedai/chat';
import { ShopperAnswerers } from '@kedai/checkout';
import type { AnswerOutcome, SupportHandoff } from '../entities';
import { HandoffService } from '../handoff.service';
import { ModelStore } from '../model-store';
import { isLanguage, type Language } from '../nlp/intents';
import { KEDAI_SUPPORT_BUSINESS_ID } from '../kedai-support';
import { SupportSettingsService } from '../faq.service';
import { Brain, type Reply, type Situation } from './brain';
import { keywordIntent } from './keywords';
import { TEXTS } from './texts';
import { TurnStore } from './turn-store';

/** Below this the bot is not sure enough to act: it asks again, and hands over the second time. */
export const MIN_CONFIDENCE = 0.55;
/** How long a question the bot asked ("which order?", "cancel it?") stays open. */
const PENDING_TTL_MS = 10 * 60_000;

type Payload = { conversationId: string; businessId: string; messageId: string };

/** SQL (the event's `when`): what `spoken` hears, to a business whose bot is on. */
const WANTS = `e.kind in ('text', 'interactive_reply')
  and exists (select 1 from support_settings ss where ss.business_id = e.business_id and ss.bot_enabled)`;

/**
 * The customer-service bot: a subscriber of chat.shopper-wrote on its own queue. For each text (or
 * button tap) a shopper sends to a business whose bot is on, it classifies the message with the
 * business's model, acts as the shopper through the domain services (Brain), and posts its replies.
 *
 * At least once, answered once: the replies, the session's new state, the handoff and the record
 * of the answer commit together, the record (keyed by the message id) claimed first as the
 * once-only key (TurnStore.answerOnce, Effects.once's rule), and each reply's client message id
 * is derived from the message it answers, so a second delivery (a retry, a relay re-run, a worker
 * that died after its commit) posts nothing. Actions that change things before that commit are
 * idempotent themselves (canceling a canceled order, a refund request open once per order).
 */
@Injectable()
export class SupportBot implements OnModuleInit {
  constructor(
    private readonly turns: TurnStore,
    private readonly messages: MessageService,
    private readonly models: ModelStore,
    private readonly handoffs: HandoffService,
    private readonly brain: Brain,
    private readonly settings: SupportSettingsService,
    private readonly answerers: ShopperAnswerers,
    private readonly sql: Sql,
  ) {}

  /** Where the bot is on, it answers at every hour, closed or not: checkout's closed-hours reply steps aside. */
  onModuleInit(): void {
    this.answerers.register({ answersFor: (businessId) => this.settings.botEnabled(businessId) });
  }

  /**
   * Only texts and button taps to a business whose bot is on add a job (an order, a photo, a
   * message to a business without the bot add none). The rule at the switch: a message whose send
   * began after the bot was turned on (committed) is answered; one sent while the switch commits
   * counts as sent before it. Turned off, the bot still sees the messages sent before, and drops
   * them itself (TurnStore's `enabled`).
   */
  @OnEvent(shopperWrote, 'support-bot', { queue: 'support', when: WANTS })
  async answer(_ctx: RequestContext, { conversationId, businessId, messageId }: Payload, job: JobInfo): Promise<void> {
    // One round trip: answered already? bot on? the message, the handler, the business, the session and the model's version.
    const facts = await this.turns.load(messageId, conversationId, businessId);
    if (!facts || facts.answered || !facts.enabled) return;
    const { message, business, session } = facts;
    if (message.senderKind !== 'person' || !message.senderPersonId) return;
    const personId = message.senderPersonId;
    const said = spoken(message);
    if (said === null) return;
    const system = RequestContext.system('support-bot', job.id);
    const hint = isLanguage(session.language) ? session.language : defaultLanguage(business.country);

    // The engine stays in memory while the model's version (read with the facts) holds.
    const engine = await this.models.engine(facts.model);
    // Malay or Indonesian: a few words cannot tell them apart; the conversation's language, else the
    // country's, decides (before classifying, so the message is classified once).
    const classified = await engine.classify(said.text, null, hint, (detected) =>
      malaySibling(detected, session.language, business.country),
    );
    // A merchant's keyword picks its FAQ entry outright.
    const keyword = said.buttonId === null ? keywordIntent(await this.settings.keywordEntries(businessId), said.text) : null;
    const classification = keyword ? { ...classified, intent: keyword, confidence: 1 } : classified;
    const language: Language = classification.languageConfident ? classification.language : hint;
    const heard = {
      messageId,
      conversationId,
      businessId,
      intent: classification.intent,
      confidence: classification.confidence,
      language,
    };

    if (facts.handler === 'agent') {
      // With a person now: the bot stays quiet and only records the message for the figures.
      await this.turns.record({ ...heard, outcome: 'with_agent' });
      return;
    }

    const pending =
      session.pending && session.pendingExpiresAt && new Date(session.pendingExpiresAt) > new Date() ? session.pending : null;
    const situation: Situation = {
      ctx: system.as({ kind: 'person', personId, sessionId: 'support-bot' }),
      business,
      isKedaiSupport: business.id === KEDAI_SUPPORT_BUSINESS_ID,
      conversationId,
      personId,
      language,
      text: said.text,
      classification: { ...classification, language },
      now: new Date(),
    };
    const sure = said.buttonId !== null || classification.confidence >= MIN_CONFIDENCE;
    const turn = await this.brain.respond(
      sure ? situation : { ...situation, classification: { ...situation.classification, intent: 'none' } },
      pending,
      said.buttonId,
    );
    const misses = turn.understood ? 0 : session.misses + 1;
    let handoff = turn.handoff ?? null;
    if (!handoff && classification.angry && said.buttonId === null) handoff = { reason: 'angry', intent: classification.intent };
    if (!handoff && misses >= 2) handoff = { reason: 'low_confidence', intent: null };

    let opened: SupportHandoff | null = null;
    const replies: Reply[] = handoff ? [] : turn.replies;
    const outcome: AnswerOutcome = handoff ? 'handed_off' : turn.understood ? 'answered' : 'not_understood';
    if (handoff) replies.push({ kind: 'text', payload: { body: await this.handoffText(business, language) } });
    const nextPending = turn.pending === undefined ? pending : turn.pending;

    const record = {
      ...heard,
      outcome,
      session: {
        misses: handoff ? 0 : misses,
        pending: nextPending,
        pendingExpiresAt: nextPending ? new Date(Date.now() + PENDING_TTL_MS) : null,
      },
    };
    if (replies.length === 1 && !handoff) {
      // The common turn, one reply: one statement posts it with the record and the session, atomic
      // without a transaction, the reply's client message id the once-only key (its unique index).
      const reply = { ...replies[0], clientMessageId: `support:${messageId}:0` };
      // On plain pg (Sql), prepared: one statement by itself, no unit of work to gain from MikroORM's
      // execute, and the same text every time, which PostgreSQL then plans once per connection.
      const posted = await this.messages
        .postOnce(
          this.sql.preparing,
          { conversationId, sender: { kind: 'bot', businessId }, ...reply },
          { announcing: true, alongside: this.turns.alongsideReply(record) },
        )
        .catch(lostRace);
      if (posted?.created) await this.messages.announce([posted.view]);
      return;
    }
    // The answer's record is the once-only key: claimed first, with the session, then the replies.
    const done = await this.turns.answerOnce(record, async (tx) => {
      const posted: MessageView[] = [];
      for (const [i, reply] of replies.entries())
        posted.push(
          await this.messages.post(
            tx,
            {
              conversationId,
              sender: { kind: 'bot', businessId },
              kind: reply.kind,
              payload: reply.payload,
              clientMessageId: `support:${messageId}:${i}`,
            },
            { announcing: true },
          ),
        );
      if (handoff) {
        const summary = await this.summary(tx, conversationId, said.text);
        const { handoff: row, created } = await this.handoffs.open(tx, {
          conversationId,
          businessId,
          personId,
          reason: handoff.reason,
          intent: handoff.intent,
          language,
          summary,
        });
        if (created) opened = row;
      }
      return posted;
    });
    if (!done.applied) return;
    await this.messages.announce(done.result);
    if (opened) await this.handoffs.announceOpened(opened);
  }

  private async handoffText(
    business: { id: string; name: string; timezone: string; openingHours: Parameters<typeof isOpenAt>[0] | null },
    language: Language,
  ): Promise<string> {
    const t = TEXTS[language];
    if (business.openingHours) {
      const { open, next } = isOpenAt(business.openingHours, business.timezone, new Date());
      if (!open && next) return t.handedOffClosed(business.name, next);
    }
    const minutes = await this.handoffs.expectedWaitMinutes(business.id);
    return t.handedOff(business.name, minutes === null ? t.fewMinutes : t.minutes(minutes));
  }

  /** The last few lines of the conversation, for the agent who picks it up. */
  private async summary(tx: EntityManager, conversationId: string, latest: string): Promise<string> {
    const { messages } = await this.messages.read(conversationId, { first: 8 }, tx);
    const lines = messages.map((m) => {
      const who = m.senderKind === 'person' ? 'shopper' : m.senderKind;
      const body = String(
        (m.payload as { body?: string; title?: string }).body ?? (m.payload as { title?: string }).title ?? `[${m.kind}]`,
      );
      return `${who}: ${body.slice(0, 200)}`;
    });
    if (!lines.length) lines.push(`shopper: ${latest.slice(0, 200)}`);
    return lines.join('\n').slice(0, 2000);
  }
}

/**
 * A second delivery racing the first to post the same reply: the first's statement committed the
 * reply (with its record and session) while this one waited on the conversation's row, so this
 * one's insert breaks the reply's unique client message id. Nothing to do, as with a claim found.
 */
function lostRace(e: unknown): null {
  if (isUniqueViolation(e) && (e as { constraint?: string }).constraint === 'message_client_id_key') return null;
  throw e;
}

/** What the shopper said: a text's body, or a tapped button's title and id. Null for kinds the bot ignores. */
function spoken(message: { kind: string; payload: Record<string, unknown> }): { text: string; buttonId: string | null } | null {
  const p = message.payload as { body?: unknown; title?: unknown; id?: unknown };
  if (message.kind === 'text') return { text: String(p.body ?? ''), buttonId: null };
  if (message.kind === 'interactive_reply') return { text: String(p.title ?? ''), buttonId: String(p.id ?? '') };
  return null;
}

const COUNTRY_LANGUAGE: Record<string, Language> = {
  ID: 'id',
  DE: 'de',
  AT: 'de',
  ES: 'es',
  FR: 'fr',
  IT: 'it',
  PT: 'pt',
  BR: 'pt',
};

/** The language to assume when a message is too short to tell: the business's country's, else English. */
function defaultLanguage(country: string): Language {
  return COUNTRY_LANGUAGE[country] ?? 'en';
}

/** The Malay/Indonesian language to use instead of the detected one, or null to keep it. */
function malaySibling(detected: Language, spoken: string | null, country: string): Language | null {
  if (detected !== 'ms' && detected !== 'id') return null;
  const wanted: Language = spoken === 'ms' || spoken === 'id' ? spoken : country === 'ID' ? 'id' : 'ms';
  return wanted === detected ? null : wanted;
}

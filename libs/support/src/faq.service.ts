import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxService, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { SupportFaq, SupportRefundRequest, SupportSettings } from './entities';
import { NotFoundError } from '@kedai/core';
import { rebuildModel } from './support.jobs';

export interface FaqInput {
  language: string;
  questions: string[];
  answer: string;
  keywords: string[];
}

const clean = (input: FaqInput): FaqInput => ({
  language: input.language,
  questions: [...new Set(input.questions.map((q) => q.trim()).filter(Boolean))],
  answer: input.answer.trim(),
  keywords: [...new Set(input.keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))],
});

/**
 * What a merchant sets for the bot: whether it answers, the FAQ entries (each change queues a
 * rebuild of the business's model in the same transaction), and the refund requests it opened.
 */
const KEYWORDS_TTL_MS = 2_000;

@Injectable()
export class SupportSettingsService {
  private readonly keywords = new Map<string, { entries: { id: string; keywords: string[] }[]; at: number }>();

  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly outbox: OutboxService,
  ) {}

  async botEnabled(businessId: string): Promise<boolean> {
    return (await this.em.fork().findOne(SupportSettings, { businessId }))?.botEnabled ?? false;
  }

  async setBot(ctx: RequestContext, businessId: string, enabled: boolean): Promise<boolean> {
    await this.access.require(ctx, businessId, 'business:edit');
    await this.em.fork().execute(
      `insert into support_settings (business_id, bot_enabled) values (?, ?)
         on conflict (business_id) do update set bot_enabled = excluded.bot_enabled, updated_at = now()`,
      [businessId, enabled],
    );
    return enabled;
  }

  async faqs(ctx: RequestContext, businessId: string): Promise<SupportFaq[]> {
    await this.access.require(ctx, businessId, 'chats:answer');
    return this.em.fork().find(SupportFaq, { businessId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async addFaq(ctx: RequestContext, businessId: string, input: FaqInput): Promise<SupportFaq> {
    await this.access.require(ctx, businessId, 'business:edit');
    return this.em.fork().transactional(async (tx) => {
      const entry = new SupportFaq({ businessId, ...clean(input) });
      tx.persist(entry);
      this.outbox.enqueue(tx, rebuildModel, { businessId });
      await tx.flush();
      return entry;
    });
  }

  async updateFaq(ctx: RequestContext, id: string, input: FaqInput): Promise<SupportFaq> {
    const entry = await this.own(ctx, id);
    return this.em.fork().transactional(async (tx) => {
      const row = await tx.findOneOrFail(SupportFaq, { id: entry.id });
      Object.assign(row, clean(input));
      this.outbox.enqueue(tx, rebuildModel, { businessId: row.businessId });
      await tx.flush();
      return row;
    });
  }

  async deleteFaq(ctx: RequestContext, id: string): Promise<SupportFaq> {
    const entry = await this.own(ctx, id);
    await this.em.fork().transactional(async (tx) => {
      await tx.nativeDelete(SupportFaq, { id });
      this.outbox.enqueue(tx, rebuildModel, { businessId: entry.businessId });
    });
    return entry;
  }

  /**
   * The business's FAQ entries with keywords, for the bot's outright matches. Each worker keeps
   * them for KEYWORDS_TTL_MS: an edit reaches the bot within that (copies need not agree longer).
   */
  async keywordEntries(businessId: string): Promise<{ id: string; keywords: string[] }[]> {
    const cached = this.keywords.get(businessId);
    if (cached && Date.now() - cached.at < KEYWORDS_TTL_MS) return cached.entries;
    const entries = await this.em
      .fork()
      .execute<{ id: string; keywords: string[] }[]>(
        `select id, keywords from support_faq where business_id = ? and jsonb_array_length(keywords) > 0`,
        [businessId],
      );
    this.keywords.set(businessId, { entries, at: Date.now() });
    return entries;
  }

  async refundRequests(ctx: RequestContext, businessId: string): Promise<SupportRefundRequest[]> {
    await this.access.require(ctx, businessId, 'orders:read');
    return this.em.fork().find(SupportRefundRequest, { businessId }, { orderBy: { createdAt: 'desc' }, limit: 200 });
  }

  private async own(ctx: RequestContext, id: string): Promise<SupportFaq> {
    const entry = await this.em.fork().findOne(SupportFaq, { id });
    if (!entry || !(await this.access.can(ctx, entry.businessId, 'business:edit'))) throw new NotFoundError('FAQ entry');
    return entry;
  }
}

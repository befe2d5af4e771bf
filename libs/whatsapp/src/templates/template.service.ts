import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { OutboxService, type RequestContext } from '@kedai/core';
import { ChannelService } from '../channel.service';
import { WhatsappTemplate } from '../entities/template.entity';
import { CloudErrors } from '../surface/cloud-api-error';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { reviewTemplate } from '../whatsapp.jobs';
import {
  canMoveTemplate,
  normaliseTemplate,
  reviewProblem,
  templateProblem,
  type TemplateInput,
  type TemplateStatus,
} from './template-rules';

/** What the Cloud API shows of a template. */
export function templateJson(t: WhatsappTemplate): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    components: t.components,
    ...(t.rejectedReason && { rejected_reason: t.rejectedReason }),
  };
}

/**
 * Templates: registered by the business's bot through the Cloud API, approved at once when
 * WHATSAPP_TEMPLATE_APPROVAL is `auto` (development), otherwise reviewed by the worker; their
 * status moves only as TEMPLATE_TRANSITIONS allows.
 */
@Injectable()
export class TemplateService {
  constructor(
    private readonly em: EntityManager,
    private readonly channels: ChannelService,
    private readonly outbox: OutboxService,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
  ) {}

  async create(ctx: RequestContext, wabaId: string, body: unknown): Promise<WhatsappTemplate> {
    const channel = await this.channels.forCaller(ctx, wabaId, 'wabaId');
    const problem = templateProblem(body);
    if (problem) throw CloudErrors.invalidParameter(problem);
    const input = normaliseTemplate(body as TemplateInput);
    const template = new WhatsappTemplate({ channelId: channel.id, ...input });
    if (this.config.templateApproval === 'auto') template.status = 'APPROVED';
    try {
      await this.em.fork().transactional(async (tx) => {
        tx.persist(template);
        if (template.status === 'PENDING') this.outbox.enqueue(tx, reviewTemplate, { templateId: template.id });
        await tx.flush();
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw CloudErrors.invalidParameter(`a template named ${input.name} in ${input.language} exists already`);
      throw e;
    }
    return template;
  }

  async list(ctx: RequestContext, wabaId: string): Promise<WhatsappTemplate[]> {
    const channel = await this.channels.forCaller(ctx, wabaId, 'wabaId');
    return this.em.fork().find(WhatsappTemplate, { channelId: channel.id }, { orderBy: { createdAt: 'asc' } });
  }

  /** The approved template a send names, or the Cloud API's error for why it cannot be used. */
  async usable(channelId: string, name: string, language: string): Promise<WhatsappTemplate> {
    const found = await this.em.fork().findOne(WhatsappTemplate, { channelId, name, language });
    if (!found) throw CloudErrors.templateMissing(`template name (${name}) does not exist in ${language}`);
    if (found.status !== 'APPROVED') throw CloudErrors.templateNotApproved(`template ${name} is ${found.status}`);
    return found;
  }

  /** The worker's review of a pending template; a second run finds it decided and does nothing. */
  async review(templateId: string): Promise<TemplateStatus | null> {
    return this.em.fork().transactional(async (tx) => {
      const t = await tx.findOne(WhatsappTemplate, { id: templateId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!t || t.status !== 'PENDING') return t?.status ?? null;
      const problem = reviewProblem(t);
      this.move(t, problem ? 'REJECTED' : 'APPROVED');
      t.rejectedReason = problem;
      return t.status;
    });
  }

  private move(t: WhatsappTemplate, to: TemplateStatus): void {
    if (!canMoveTemplate(t.status, to)) throw new Error(`template ${t.id} cannot go from ${t.status} to ${to}`);
    t.status = to;
    t.updatedAt = new Date();
  }
}

import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { WhatsappChannel } from './entities/channel.entity';
import { CloudErrors } from './surface/cloud-api-error';
import { whatsappConfig, type WhatsappConfig } from './whatsapp.config';
import { verifyCallback } from './webhooks/callback-handshake';

export interface ConnectNumberInput {
  metaPhoneNumberId: string;
  displayPhoneNumber?: string | null;
  accessToken?: string | null;
  catalogId?: string | null;
}

/**
 * A business's WhatsApp channel: made by its admins (business:edit), found by the Cloud API
 * surface from the phone-number id a bot posts to, and by the bridge from Meta's phone-number id.
 */
@Injectable()
export class ChannelService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
  ) {}

  /** The business's channel, made on first call. */
  async ensure(ctx: RequestContext, businessId: string): Promise<WhatsappChannel> {
    await this.access.require(ctx, businessId, 'business:edit');
    const em = this.em.fork();
    const found = await em.findOne(WhatsappChannel, { businessId });
    if (found) return found;
    try {
      const channel = new WhatsappChannel(businessId);
      await em.persist(channel).flush();
      return channel;
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
      return this.em.fork().findOneOrFail(WhatsappChannel, { businessId });
    }
  }

  async ofBusiness(ctx: RequestContext, businessId: string): Promise<WhatsappChannel | null> {
    await this.access.require(ctx, businessId, 'business:edit');
    return this.em.fork().findOne(WhatsappChannel, { businessId });
  }

  /**
   * The channel a Cloud API call names, for the business whose key made it. Someone else's id is
   * answered like an unknown one (code 100), so ids cannot be probed.
   */
  async forCaller(ctx: RequestContext, id: string, by: 'id' | 'wabaId' = 'id'): Promise<WhatsappChannel> {
    if (ctx.actor.kind === 'anonymous')
      throw CloudErrors.badToken('An access token is required: Authorization: Bearer <API key>');
    const channel = /^[0-9]{6,20}$/.test(id) ? await this.em.fork().findOne(WhatsappChannel, { [by]: id }) : null;
    if (!channel || !(await this.access.can(ctx, channel.businessId, 'chats:answer'))) throw CloudErrors.unknownObject(id);
    return channel;
  }

  async byId(id: string): Promise<WhatsappChannel | null> {
    return this.em.fork().findOne(WhatsappChannel, { id });
  }

  async byBusiness(businessId: string): Promise<WhatsappChannel | null> {
    return this.em.fork().findOne(WhatsappChannel, { businessId });
  }

  async byMetaNumber(metaPhoneNumberId: string): Promise<WhatsappChannel | null> {
    return this.em.fork().findOne(WhatsappChannel, { metaPhoneNumberId });
  }

  /**
   * Registers where the business's webhooks go. As Meta does, Kedai first calls the URL with the
   * GET handshake (hub.mode=subscribe, hub.verify_token, hub.challenge) and keeps the URL only
   * when the challenge comes back; null removes it.
   */
  async setCallback(
    ctx: RequestContext,
    businessId: string,
    callbackUrl: string | null,
    verifyToken: string | null,
  ): Promise<WhatsappChannel> {
    const channel = await this.ensure(ctx, businessId);
    if (callbackUrl !== null) {
      const problem = callbackProblem(callbackUrl, this.config.allowHttpCallbacks);
      if (problem) throw new InvalidInputError([{ field: 'callbackUrl', messages: [problem] }]);
      if (!verifyToken)
        throw new InvalidInputError([{ field: 'verifyToken', messages: ['give the verify token your endpoint expects'] }]);
      const failed = await verifyCallback(callbackUrl, verifyToken);
      if (failed)
        throw new InvalidInputError([{ field: 'callbackUrl', messages: [`the verification request failed: ${failed}`] }]);
    }
    const em = this.em.fork();
    await em.nativeUpdate(
      WhatsappChannel,
      { id: channel.id },
      { callbackUrl, verifyToken: callbackUrl ? verifyToken : null, callbackVerifiedAt: callbackUrl ? new Date() : null },
    );
    return em.findOneOrFail(WhatsappChannel, { id: channel.id });
  }

  /** Connects a real WhatsApp number (Meta's phone-number id) to the business: Kedai becomes its backend. */
  async connectNumber(ctx: RequestContext, businessId: string, input: ConnectNumberInput): Promise<WhatsappChannel> {
    if (!/^[0-9]{6,20}$/.test(input.metaPhoneNumberId))
      throw new InvalidInputError([{ field: 'metaPhoneNumberId', messages: ['Meta’s phone-number id is a number'] }]);
    const channel = await this.ensure(ctx, businessId);
    const em = this.em.fork();
    try {
      await em.nativeUpdate(
        WhatsappChannel,
        { id: channel.id },
        {
          metaPhoneNumberId: input.metaPhoneNumberId,
          metaDisplayPhoneNumber: input.displayPhoneNumber ?? null,
          ...(input.accessToken !== undefined && { metaAccessToken: input.accessToken }),
          ...(input.catalogId !== undefined && { metaCatalogId: input.catalogId }),
        },
      );
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw new InvalidInputError([{ field: 'metaPhoneNumberId', messages: ['this number is connected to another business'] }]);
      throw e;
    }
    return em.findOneOrFail(WhatsappChannel, { id: channel.id });
  }

  /** A new app secret; webhooks signed with the old one stop at once. */
  async rotateSecret(ctx: RequestContext, businessId: string): Promise<WhatsappChannel> {
    const channel = await this.ensure(ctx, businessId);
    const em = this.em.fork();
    const fresh = new WhatsappChannel(businessId).appSecret;
    await em.nativeUpdate(WhatsappChannel, { id: channel.id }, { appSecret: fresh });
    return em.findOneOrFail(WhatsappChannel, { id: channel.id });
  }

  async require(id: string): Promise<WhatsappChannel> {
    const channel = await this.byId(id);
    if (!channel) throw new NotFoundError('WhatsApp channel');
    return channel;
  }
}

/** Why a callback URL cannot be used, or null. */
export function callbackProblem(url: string, allowHttp: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:')) return 'must be an https:// URL';
  if (url.length > 2048) return 'at most 2048 characters';
  return null;
}

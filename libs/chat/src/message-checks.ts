import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, type RequestContext } from '@kedai/core';
import { CatalogService } from '@kedai/catalog';
import { MediaService, type MediaOwner } from '@kedai/media';
import type { Access } from './chat-access';
import { Message, type MessageKind } from './entities/message.entity';
import { InvalidMessageError } from './errors';
import type { Sender } from './message-writer';

export const invalid = (field: string, message: string) => new InvalidMessageError([{ field, messages: [message] }]);

/** Media refuses a photo with BAD_USER_INPUT; in a message that is INVALID_MESSAGE, same fields. */
const asInvalidMessage = (e: unknown): never => {
  throw e instanceof InvalidInputError ? new InvalidMessageError(e.fields) : e;
};

/**
 * What a message's schema cannot see (the product exists and shows, the photo is one the sender
 * may use, the reply answers an option, the reaction is to a message that shows), and the photo's
 * attachment in the message's transaction.
 */
@Injectable()
export class MessageChecks {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: CatalogService,
    private readonly media: MediaService,
  ) {}

  async meaning(
    ctx: RequestContext,
    { conversation, as }: Access,
    kind: MessageKind,
    payload: Record<string, unknown>,
    field: string,
  ): Promise<void> {
    const businessSide = as.kind === 'business';
    if ((kind === 'interactive' || kind === 'product_list' || kind === 'catalog') && !businessSide)
      throw invalid(field, `${field} messages are sent by businesses`);
    const productIds =
      kind === 'product'
        ? [payload.productId as string]
        : kind === 'product_list'
          ? (payload.sections as { productIds: string[] }[]).flatMap((s) => s.productIds)
          : kind === 'catalog' && payload.thumbnailProductId
            ? [payload.thumbnailProductId as string]
            : [];
    if (productIds.length > 30) throw invalid(`${field}.sections`, 'a product list has at most 30 products');
    for (const id of productIds) {
      const product = await this.catalog.product(ctx, id);
      if (!product || (conversation.businessId && businessSide && product.businessId !== conversation.businessId))
        throw invalid(field, `${id} is not a product shoppers can see here`);
    }
    if (kind === 'interactive_reply') await this.reply(conversation.id, payload, field);
    if (kind === 'reaction') await this.reactedTo(conversation.id, payload, field);
    if (kind === 'image') {
      // Checked here too, before the conversation's lock is taken; attached in the send's transaction.
      const owner: MediaOwner = businessSide ? { businessId: as.businessId } : { personId: as.personId };
      await this.media.requireOwned(owner, [payload.mediaId as string], `${field}.mediaId`).catch(asInvalidMessage);
    }
  }

  /**
   * Marks an image message's photo as in use, in the message's transaction, so the orphan cleanup
   * never deletes a photo a message shows. The photo must be the sender's: the person's own, or
   * the business's for its side and its bots.
   */
  async attachMedia(tx: EntityManager, sender: Sender, kind: MessageKind, payload: Record<string, unknown>): Promise<void> {
    if (kind !== 'image') return;
    const owner: MediaOwner | null =
      sender.kind === 'person'
        ? { personId: sender.personId }
        : sender.kind === 'business' || sender.kind === 'bot'
          ? { businessId: sender.businessId }
          : null;
    if (!owner) throw invalid('image.mediaId', 'system notices carry no photos');
    await this.media.attachFor(tx, owner, [payload.mediaId as string], 'image.mediaId').catch(asInvalidMessage);
  }

  /** A reaction is to a message of the same conversation that still shows. */
  private async reactedTo(conversationId: string, payload: Record<string, unknown>, field: string): Promise<void> {
    const target = await this.em.findOne(
      Message,
      { id: payload.messageId as string, conversationId, deletedAt: null },
      { disableIdentityMap: true, fields: ['id'] },
    );
    if (!target) throw invalid(`${field}.messageId`, 'not a message of this conversation');
  }

  private async reply(conversationId: string, payload: Record<string, unknown>, field: string): Promise<void> {
    const asked = await this.em.findOne(
      Message,
      { id: payload.replyToMessageId as string, conversationId, kind: 'interactive' },
      { disableIdentityMap: true },
    );
    if (!asked) throw invalid(`${field}.replyToMessageId`, 'not an interactive message of this conversation');
    const p = asked.payload as { buttons?: { id: string }[]; sections?: { rows: { id: string }[] }[] };
    const options = [...(p.buttons ?? []), ...(p.sections ?? []).flatMap((s) => s.rows)].map((o) => o.id);
    if (!options.includes(payload.id as string)) throw invalid(`${field}.id`, 'not one of the options of that message');
  }
}

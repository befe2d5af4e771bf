import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OnJob, type RequestContext } from '@kedai/core';
import { messagePosted } from './chat.jobs';
import { Message } from './entities/message.entity';
import { MessageService } from './message.service';
import { viewOf } from './message-view';

/**
 * Announces messages posted inside other services' transactions once they have committed. Running
 * twice announces twice; subscribers keep one copy by its sequence number.
 */
@Injectable()
export class MessagePostedHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly messages: MessageService,
  ) {}

  @OnJob(messagePosted)
  async announce(_ctx: RequestContext, payload: { conversationId: string; messageId: string }): Promise<void> {
    const message = await this.em.fork().findOne(Message, { id: payload.messageId });
    if (message) await this.messages.announce([viewOf(message)]);
  }
}

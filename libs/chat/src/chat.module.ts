import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { RedisModule } from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { CatalogModule } from '@kedai/catalog';
import { IdentityModule } from '@kedai/identity';
import { MediaModule } from '@kedai/media';
import { ChatAccess } from './chat-access';
import { chatConfig } from './chat.config';
import { ChatEvents } from './chat-events';
import { ChatResolver } from './chat.resolver';
import { ConversationMemberResolver } from './conversation-member.resolver';
import { ConversationService } from './conversation.service';
import { ConversationStream } from './conversation-stream';
import { ImageContentResolver } from './image-content.resolver';
import { Conversation, ConversationMember } from './entities/conversation.entity';
import { Message } from './entities/message.entity';
import { MessagePostedHandler } from './message-posted.handler';
import { MessageResolver } from './message.resolver';
import { MessageChecks } from './message-checks';
import { MessageMarks } from './message-marks';
import { MessageService } from './message.service';
import { MessageWriter } from './message-writer';
import { ReceiptService } from './receipt.service';

/**
 * Conversations and messages. Other domains post their messages (orders, payment requests,
 * receipts) through MessageService.post inside their own transactions, and never touch these tables.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([Conversation, ConversationMember, Message]),
    ConfigModule.forFeature(chatConfig),
    RedisModule,
    BusinessModule,
    IdentityModule,
    CatalogModule,
    MediaModule,
  ],
  providers: [
    ChatAccess,
    ChatEvents,
    MessageWriter,
    MessageChecks,
    MessageMarks,
    MessageService,
    ConversationService,
    ReceiptService,
    MessagePostedHandler,
  ],
  exports: [MessageService, ConversationService, ChatEvents, ChatAccess, ReceiptService],
})
export class ChatModule {}

/** The GraphQL edge of chat, subscriptions included; only the API imports it. */
@Module({
  imports: [ChatModule, BusinessModule, IdentityModule, MediaModule],
  providers: [ChatResolver, ConversationMemberResolver, MessageResolver, ImageContentResolver, ConversationStream],
})
export class ChatApiModule {}

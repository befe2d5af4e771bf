export * from './chat.module';
export * from './message.service';
export * from './conversation.service';
export * from './chat-events';
export * from './chat.jobs';
export * from './errors';
export { storedMoney } from './content/service-content';
export type { MessageView } from './message-view';
export type { Conversation, ConversationKind } from './entities/conversation.entity';
export type { MessageKind } from './entities/message.entity';
export * from './models/chat.models';

export { CHAT_ENTITIES } from './entities';

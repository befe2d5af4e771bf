import { Conversation, ConversationMember } from './conversation.entity';
import { Message } from './message.entity';

/** Chat's entities, importable without its GraphQL models or Nest modules (`@kedai/chat/entities`). */
export const CHAT_ENTITIES = [Conversation, ConversationMember, Message];

import { OutboxMessage } from './outbox/outbox-message.entity';
import { ProcessedEffect } from './outbox/processed-effect.entity';

/** Entities core owns, importable on their own (`@kedai/core/entities`) for the db CLI and the test harness. */
export const CORE_ENTITIES = [OutboxMessage, ProcessedEffect];

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { WhatsappWebhookDelivery } from '../entities/webhook-delivery.entity';

@ObjectType('WhatsappWebhookDelivery', { description: 'A webhook Kedai sent (or is sending) to the business’s callback' })
export class WhatsappWebhookDeliveryModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'messages or statuses' })
  field!: string;

  @Field({ description: 'PENDING (being retried), DELIVERED, or FAILED (given up after 24 hours)' })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field({ description: 'The JSON body, exactly as signed' })
  body!: string;

  static from(d: WhatsappWebhookDelivery): WhatsappWebhookDeliveryModel {
    return Object.assign(new WhatsappWebhookDeliveryModel(), {
      id: d.id,
      field: d.field,
      status: d.status.toUpperCase(),
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
      body: d.body,
    });
  }
}

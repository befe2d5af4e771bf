import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { WhatsappChannel } from '../entities/channel.entity';

@ObjectType('WhatsappChannel', { description: 'A business’s WhatsApp channel: its Cloud API ids, webhook and connected number' })
export class WhatsappChannelModel {
  @Field(() => ID, { description: 'The phone-number id Cloud API bots post to: POST /v23.0/<this>/messages' })
  phoneNumberId!: string;

  @Field({ description: 'The account id templates are registered under: POST /v23.0/<this>/message_templates' })
  wabaId!: string;

  @Field({ description: 'Signs X-Hub-Signature-256 on the webhooks Kedai sends' })
  appSecret!: string;

  @Field(() => String, { nullable: true })
  callbackUrl!: string | null;

  @Field(() => Date, { nullable: true })
  callbackVerifiedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Meta’s phone-number id of the connected real number' })
  metaPhoneNumberId!: string | null;

  @Field(() => String, { nullable: true })
  metaDisplayPhoneNumber!: string | null;

  @Field(() => String, { nullable: true })
  metaCatalogId!: string | null;

  static from(c: WhatsappChannel): WhatsappChannelModel {
    return Object.assign(new WhatsappChannelModel(), {
      phoneNumberId: c.id,
      wabaId: c.wabaId,
      appSecret: c.appSecret,
      callbackUrl: c.callbackUrl,
      callbackVerifiedAt: c.callbackVerifiedAt,
      metaPhoneNumberId: c.metaPhoneNumberId,
      metaDisplayPhoneNumber: c.metaDisplayPhoneNumber,
      metaCatalogId: c.metaCatalogId,
    });
  }
}

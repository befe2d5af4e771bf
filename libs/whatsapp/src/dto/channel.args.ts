import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

@ArgsType()
export class WhatsappBusinessArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;
}

@ArgsType()
export class SetWhatsappWebhookArgs extends WhatsappBusinessArgs {
  @Field(() => String, { nullable: true, description: 'Where webhooks go; null stops them' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callbackUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'What the GET handshake presents as hub.verify_token' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  verifyToken!: string | null;
}

@ArgsType()
export class ConnectWhatsappNumberArgs extends WhatsappBusinessArgs {
  @Field({ description: 'Meta’s phone-number id of the real number' })
  @Matches(/^[0-9]{6,20}$/, { message: 'metaPhoneNumberId is Meta’s numeric phone-number id' })
  metaPhoneNumberId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  displayPhoneNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'The number’s Graph API token; WHATSAPP_ACCESS_TOKEN when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  accessToken?: string | null;

  @Field(() => String, { nullable: true, description: 'Meta’s catalog id the products are pushed to' })
  @IsOptional()
  @Matches(/^[0-9]{6,20}$/, { message: 'catalogId is Meta’s numeric catalog id' })
  catalogId?: string | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends WhatsappBusinessArgs {
  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;
}

import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { CreatedApiKey } from '../api-key.service';
import type { ApiKey } from '../entities/api-key.entity';
import type { Permission } from '../permissions';
import { BusinessPermissionEnum } from './enums';

@ObjectType('ApiKey', { description: 'A key the business’s bots and integrations act with; its secret is never shown again' })
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  businessId!: string;

  @Field()
  name!: string;

  @Field({ description: 'The public start of the key (kd_<prefix>_…), to tell keys apart' })
  prefix!: string;

  @Field(() => [BusinessPermissionEnum])
  scopes!: readonly Permission[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'To the minute' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  static from(k: ApiKey): ApiKeyModel {
    return Object.assign(new ApiKeyModel(), {
      id: k.id,
      businessId: k.businessId,
      name: k.name,
      prefix: k.prefix,
      scopes: k.scopes,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      revokedAt: k.revokedAt,
    });
  }
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel)
  apiKey!: ApiKeyModel;

  @Field({ description: 'The whole key, kd_<prefix>_<secret>. Shown this once: store it now.' })
  key!: string;

  static from(created: CreatedApiKey): CreatedApiKeyModel {
    return Object.assign(new CreatedApiKeyModel(), { apiKey: ApiKeyModel.from(created.apiKey), key: created.plaintext });
  }
}

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { API_KEY_AUTHENTICATOR } from '@kedai/core';
import { IdentityModule } from '@kedai/identity';
import { ApiKeyResolver } from './api-key.resolver';
import { ApiKeyService } from './api-key.service';
import { BusinessAccessService } from './business-access.service';
import { BusinessResolver } from './business.resolver';
import { BusinessService } from './business.service';
import { ApiKey } from './entities/api-key.entity';
import { Business } from './entities/business.entity';
import { BusinessInvitation } from './entities/business-invitation.entity';
import { BusinessMember } from './entities/business-member.entity';
import { InvitationResolver } from './invitation.resolver';
import { InvitationService } from './invitation.service';
import { MemberResolver } from './member.resolver';
import { MemberService } from './member.service';

/**
 * Business accounts, their members and API keys. Other domains use the exported services, never
 * these tables: BusinessAccessService answers "may this caller do that in this business?".
 */
@Module({
  imports: [MikroOrmModule.forFeature([Business, BusinessMember, BusinessInvitation, ApiKey]), IdentityModule],
  providers: [BusinessService, BusinessAccessService, MemberService, InvitationService, ApiKeyService],
  exports: [BusinessService, BusinessAccessService, MemberService, InvitationService, ApiKeyService],
})
export class BusinessModule {}

/**
 * The GraphQL edge of the business domain; only the API imports it. Global for one reason: the
 * API's access guard finds API keys through API_KEY_AUTHENTICATOR without importing this domain.
 */
@Global()
@Module({
  imports: [BusinessModule, IdentityModule],
  providers: [
    BusinessResolver,
    MemberResolver,
    InvitationResolver,
    ApiKeyResolver,
    { provide: API_KEY_AUTHENTICATOR, useExisting: ApiKeyService },
  ],
  exports: [API_KEY_AUTHENTICATOR],
})
export class BusinessApiModule {}

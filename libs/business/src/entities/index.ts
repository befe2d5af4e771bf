import { ApiKey } from './api-key.entity';
import { Business } from './business.entity';
import { BusinessInvitation } from './business-invitation.entity';
import { BusinessMember } from './business-member.entity';

/**
 * The business domain's entities, importable without loading its GraphQL models or Nest modules
 * (`@kedai/business/entities`): what the db CLI and the test harness's global setup need.
 */
export const BUSINESS_ENTITIES = [Business, BusinessMember, BusinessInvitation, ApiKey];

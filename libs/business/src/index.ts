export * from './business.module';
export * from './business.service';
export * from './business-access.service';
export * from './api-key.service';
export * from './member.service';
export * from './invitation.service';
export * from './business-rules';
export * from './opening-hours';
export * from './permissions';
export * from './errors';
export type { Business, NewBusiness, BusinessChanges } from './entities/business.entity';
export * from './models/business.model';

export { BUSINESS_ENTITIES } from './entities';
export { MemberProfileModel } from './models/member.model';
/** The `businessId` argument, checked at the edge; other domains' resolvers take it too. */
export { BusinessIdArgs } from './dto/id.args';

export * from './business.module';
export * from './business.service';
export * from './business-rules';
export * from './errors';
export type { Business, NewBusiness } from './entities/business.entity';
export * from './models/business.model';

import { Business } from './entities/business.entity';
export const BUSINESS_ENTITIES = [Business];

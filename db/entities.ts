import { CORE_ENTITIES } from '@kedai/core';
import { BUSINESS_ENTITIES } from '@kedai/business';
import { IDENTITY_ENTITIES } from '@kedai/identity';

/** Every entity of every domain: what the migrations must match (see test/schema.e2e-spec.ts). */
export const ALL_ENTITIES = [...CORE_ENTITIES, ...IDENTITY_ENTITIES, ...BUSINESS_ENTITIES];

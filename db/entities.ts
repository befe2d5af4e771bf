// Entity barrels only: the db CLI and the test harness's global setup must not load GraphQL models
// (Nest keeps their metadata in a process-wide store, and a second copy breaks the schema).
import { CORE_ENTITIES } from '@kedai/core/entities';
import { BUSINESS_ENTITIES } from '@kedai/business/entities';
import { IDENTITY_ENTITIES } from '@kedai/identity/entities';
import { CATALOG_ENTITIES } from '@kedai/catalog/entities';
import { MEDIA_ENTITIES } from '@kedai/media/entities';
import { PAYMENTS_ENTITIES } from '@kedai/payments/entities';
import { CHAT_ENTITIES } from '@kedai/chat/entities';
import { CHECKOUT_ENTITIES } from '@kedai/checkout/entities';
import { P2P_ENTITIES } from '@kedai/p2p/entities';
import { SUPPORT_ENTITIES } from '@kedai/support/entities';
import { WHATSAPP_ENTITIES } from '@kedai/whatsapp/entities';

/** Every entity of every domain: what the migrations must match (see test/schema.e2e-spec.ts). */
export const ALL_ENTITIES = [
  ...CORE_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...BUSINESS_ENTITIES,
  ...CATALOG_ENTITIES,
  ...MEDIA_ENTITIES,
  ...PAYMENTS_ENTITIES,
  ...CHAT_ENTITIES,
  ...CHECKOUT_ENTITIES,
  ...P2P_ENTITIES,
  ...SUPPORT_ENTITIES,
  ...WHATSAPP_ENTITIES,
];

import { Migration20261124000000_foundation } from './Migration20261124000000_foundation';
import { Migration20261124010000_identity } from './Migration20261124010000_identity';
import { Migration20261124020000_business_access } from './Migration20261124020000_business_access';
import { Migration20261124030000_catalog } from './Migration20261124030000_catalog';
import { Migration20261130010000_media } from './Migration20261130010000_media';
import { Migration20261130020000_catalog_feed } from './Migration20261130020000_catalog_feed';
import { Migration20261130030000_catalog_browse } from './Migration20261130030000_catalog_browse';
import { Migration20261130050000_payments } from './Migration20261130050000_payments';
import { Migration20261130040000_chat } from './Migration20261130040000_chat';
import { Migration20261130060000_checkout } from './Migration20261130060000_checkout';
import { Migration20261130080000_p2p } from './Migration20261130080000_p2p';
import { Migration20261205120000_support } from './Migration20261205120000_support';
import { Migration20261130070000_outbox_wakeup } from './Migration20261130070000_outbox_wakeup';
import { Migration20261205100000_idempotency_lease } from './Migration20261205100000_idempotency_lease';
import { Migration20261205110000_psp_simulator_entry } from './Migration20261205110000_psp_simulator_entry';
import { Migration20261205130000_whatsapp } from './Migration20261205130000_whatsapp';
import { Migration20261205130100_whatsapp_webhooks } from './Migration20261205130100_whatsapp_webhooks';
import { Migration20261205130200_whatsapp_bridge } from './Migration20261205130200_whatsapp_bridge';
import { Migration20261205140000_session_ended_notify } from './Migration20261205140000_session_ended_notify';
import { Migration20261205140100_outbox_notify_when_due } from './Migration20261205140100_outbox_notify_when_due';
import { Migration20261205160000_outbox_trace_context } from './Migration20261205160000_outbox_trace_context';
import { Migration20261205180000_support_refund_request_person } from './Migration20261205180000_support_refund_request_person';
import { Migration20261205210000_whatsapp_catalog_sync } from './Migration20261205210000_whatsapp_catalog_sync';
import { Migration20261205235000_order_sweep_index } from './Migration20261205235000_order_sweep_index';
import { Migration20261206010000_order_expiry_index } from './Migration20261206010000_order_expiry_index';

/**
 * Every migration, in order. Listed explicitly (not discovered from the folder) so the compiled
 * app, the CLI and the tests run exactly the same set.
 */
export const MIGRATIONS = [
  { name: 'Migration20261124000000_foundation', class: Migration20261124000000_foundation },
  { name: 'Migration20261124010000_identity', class: Migration20261124010000_identity },
  { name: 'Migration20261124020000_business_access', class: Migration20261124020000_business_access },
  { name: 'Migration20261124030000_catalog', class: Migration20261124030000_catalog },
  { name: 'Migration20261130010000_media', class: Migration20261130010000_media },
  { name: 'Migration20261130020000_catalog_feed', class: Migration20261130020000_catalog_feed },
  { name: 'Migration20261130030000_catalog_browse', class: Migration20261130030000_catalog_browse },
  { name: 'Migration20261130040000_chat', class: Migration20261130040000_chat },
  { name: 'Migration20261130050000_payments', class: Migration20261130050000_payments },
  { name: 'Migration20261130060000_checkout', class: Migration20261130060000_checkout },
  { name: 'Migration20261130070000_outbox_wakeup', class: Migration20261130070000_outbox_wakeup },
  { name: 'Migration20261130080000_p2p', class: Migration20261130080000_p2p },
  { name: 'Migration20261205100000_idempotency_lease', class: Migration20261205100000_idempotency_lease },
  { name: 'Migration20261205110000_psp_simulator_entry', class: Migration20261205110000_psp_simulator_entry },
  { name: 'Migration20261205120000_support', class: Migration20261205120000_support },
  { name: 'Migration20261205130000_whatsapp', class: Migration20261205130000_whatsapp },
  { name: 'Migration20261205130100_whatsapp_webhooks', class: Migration20261205130100_whatsapp_webhooks },
  { name: 'Migration20261205130200_whatsapp_bridge', class: Migration20261205130200_whatsapp_bridge },
  { name: 'Migration20261205140000_session_ended_notify', class: Migration20261205140000_session_ended_notify },
  { name: 'Migration20261205140100_outbox_notify_when_due', class: Migration20261205140100_outbox_notify_when_due },
  { name: 'Migration20261205160000_outbox_trace_context', class: Migration20261205160000_outbox_trace_context },
  { name: 'Migration20261205180000_support_refund_request_person', class: Migration20261205180000_support_refund_request_person },
  { name: 'Migration20261205210000_whatsapp_catalog_sync', class: Migration20261205210000_whatsapp_catalog_sync },
  { name: 'Migration20261205235000_order_sweep_index', class: Migration20261205235000_order_sweep_index },
  { name: 'Migration20261206010000_order_expiry_index', class: Migration20261206010000_order_expiry_index },
];

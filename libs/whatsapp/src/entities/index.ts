import { WhatsappCatalogItem } from './catalog-item.entity';
import { WhatsappChannel } from './channel.entity';
import { WhatsappInbound } from './inbound.entity';
import { WhatsappOutbound } from './outbound.entity';
import { WhatsappTemplate } from './template.entity';
import { WhatsappWebhookDelivery } from './webhook-delivery.entity';

export { WhatsappCatalogItem, WhatsappChannel, WhatsappInbound, WhatsappOutbound, WhatsappTemplate, WhatsappWebhookDelivery };
export const WHATSAPP_ENTITIES = [
  WhatsappChannel,
  WhatsappTemplate,
  WhatsappWebhookDelivery,
  WhatsappInbound,
  WhatsappOutbound,
  WhatsappCatalogItem,
];

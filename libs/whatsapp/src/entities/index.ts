import { WhatsappChannel } from './channel.entity';
import { WhatsappInbound } from './inbound.entity';
import { WhatsappOutbound } from './outbound.entity';
import { WhatsappTemplate } from './template.entity';
import { WhatsappWebhookDelivery } from './webhook-delivery.entity';

export { WhatsappChannel, WhatsappInbound, WhatsappOutbound, WhatsappTemplate, WhatsappWebhookDelivery };
export const WHATSAPP_ENTITIES = [WhatsappChannel, WhatsappTemplate, WhatsappWebhookDelivery, WhatsappInbound, WhatsappOutbound];

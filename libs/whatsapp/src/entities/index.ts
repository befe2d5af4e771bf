import { WhatsappChannel } from './channel.entity';
import { WhatsappTemplate } from './template.entity';
import { WhatsappWebhookDelivery } from './webhook-delivery.entity';

export { WhatsappChannel, WhatsappTemplate, WhatsappWebhookDelivery };
export const WHATSAPP_ENTITIES = [WhatsappChannel, WhatsappTemplate, WhatsappWebhookDelivery];

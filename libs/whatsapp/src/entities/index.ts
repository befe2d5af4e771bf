import { WhatsappChannel } from './channel.entity';
import { WhatsappTemplate } from './template.entity';

export { WhatsappChannel, WhatsappTemplate };
export const WHATSAPP_ENTITIES = [WhatsappChannel, WhatsappTemplate];

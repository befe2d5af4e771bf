// The public API of @kedai/whatsapp: the Cloud API surface and the bridge to real numbers.
export * from './whatsapp.module';
export * from './whatsapp.config';
export * from './whatsapp.jobs';
export { ChannelService } from './channel.service';
export { TemplateService } from './templates/template.service';
export { wamidOf, messageIdOfWamid } from './surface/wamid';

export { WHATSAPP_ENTITIES } from './entities';

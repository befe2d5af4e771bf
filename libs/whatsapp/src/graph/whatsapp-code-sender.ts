import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { WHATSAPP_CODE_SENDER, type CodeSender } from '@kedai/identity';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { GraphApi } from './graph-api';

/**
 * Sign-in codes over WhatsApp (CODE_SENDER=whatsapp): Meta's authentication template
 * (WHATSAPP_AUTH_TEMPLATE, with the code as its body parameter and its copy-code button's),
 * sent from WHATSAPP_AUTH_PHONE_NUMBER_ID through the Graph API. A refusal fails the request for
 * a code, so the person learns at once that it did not go out.
 */
@Injectable()
export class WhatsappCodeSender implements CodeSender {
  constructor(
    private readonly graph: GraphApi,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
  ) {}

  async send(phone: string, code: string): Promise<void> {
    if (!this.config.authPhoneNumberId) throw new Error('CODE_SENDER=whatsapp needs WHATSAPP_AUTH_PHONE_NUMBER_ID');
    await this.graph.sendFrom(this.config.authPhoneNumberId, {
      recipient_type: 'individual',
      to: phone.replace(/^\+/, ''),
      type: 'template',
      template: {
        name: this.config.authTemplate,
        language: { code: this.config.authTemplateLanguage },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: code }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
        ],
      },
    });
  }
}

/** Provides the WhatsApp code sender to identity, which cannot import this module. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(whatsappConfig)],
  providers: [GraphApi, { provide: WHATSAPP_CODE_SENDER, useClass: WhatsappCodeSender }],
  exports: [WHATSAPP_CODE_SENDER],
})
export class WhatsappCodeSenderModule {}

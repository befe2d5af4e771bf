import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { authConfig, type AuthConfig } from '@kedai/core';
import { maskPhone } from './phone';

/** Delivers a sign-in code to a phone. Production will send a WhatsApp authentication template. */
export interface CodeSender {
  send(phone: string, code: string): Promise<void>;
}
export const CODE_SENDER = Symbol('kedai.codeSender');
/** The WhatsApp sender (CODE_SENDER=whatsapp), provided globally by libs/whatsapp, which identity cannot import. */
export const WHATSAPP_CODE_SENDER = Symbol('kedai.whatsappCodeSender');

/**
 * Development delivery: appends `{"phone","code","sentAt"}` to DEV_CODES_FILE, where a developer
 * (or a test) reads it, as a phone would receive an SMS. Codes never go to the logs.
 */
@Injectable()
export class DevCodeSender implements CodeSender {
  private readonly logger = new Logger('DevCodeSender');

  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  async send(phone: string, code: string): Promise<void> {
    await mkdir(dirname(this.config.devCodesFile), { recursive: true });
    await appendFile(this.config.devCodesFile, `${JSON.stringify({ phone, code, sentAt: new Date().toISOString() })}\n`, {
      mode: 0o600,
    });
    this.logger.log(`sign-in code for ${maskPhone(phone)} written to ${this.config.devCodesFile}`);
  }
}

import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '@kedai/core';
import { WebhookSignatureError } from './errors';
import { SIGNATURE_HEADER } from './psp/webhook-signature';
import { WebhookService } from './webhook.service';

/** `POST /payments/webhooks/psp`: the PSP's signed events. Public (the signature is the credential). */
@Controller('payments/webhooks')
export class PspWebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Public()
  @Post('psp')
  @HttpCode(200)
  async receive(
    @Req() req: Request,
    @Headers(SIGNATURE_HEADER) signature?: string,
  ): Promise<{ received: true; duplicate: boolean }> {
    // The raw bytes, kept by the parser RawWebhookBody installs for this route (see raw-webhook-body.ts).
    if (!Buffer.isBuffer(req.body)) throw new WebhookSignatureError('no raw body');
    return this.webhooks.receive(req.body, signature);
  }
}

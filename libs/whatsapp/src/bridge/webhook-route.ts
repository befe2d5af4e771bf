import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { rawBodyFor } from '@kedai/core';
import { SIGNATURE_HEADER, signatureHolds } from '../webhooks/signature';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { InboundIngest } from './inbound-ingest';

export const BRIDGE_WEBHOOK_PATH = '/whatsapp/webhook';

/**
 * `POST /whatsapp/webhook`: Meta's webhooks for the connected numbers. It runs as plain Express
 * handlers ahead of the JSON parser and Nest's pipeline, because the answer must be fast and
 * the only credential is the signature: the raw bytes are read (413 past
 * WHATSAPP_WEBHOOK_MAX_BYTES), X-Hub-Signature-256 is checked over them in constant time before
 * anything parses them (401 for a missing, malformed or wrong one, storing nothing), the body is
 * handed to the worker (InboundIngest: one Redis write for all the webhooks arriving together),
 * and 200 goes back. Storing, de-duplicating and mapping are the worker's. The GET handshake is an ordinary route (BridgeController).
 */
@Injectable()
export class BridgeWebhookRoute implements OnModuleInit {
  private readonly logger = new Logger('WhatsappBridge');

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly ingest: InboundIngest,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
  ) {}

  onModuleInit(): void {
    rawBodyFor(this.host, BRIDGE_WEBHOOK_PATH, this.config.webhookMaxBytes, (req, res, next) => this.receive(req, res, next));
  }

  private receive(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'POST') return next();
    const secret = this.config.appSecret;
    const body = req.body as unknown;
    const signature = req.headers[SIGNATURE_HEADER];
    if (
      !secret ||
      !Buffer.isBuffer(body) ||
      !signatureHolds(secret, body, typeof signature === 'string' ? signature : undefined)
    ) {
      res.status(401).json({ error: { message: 'Invalid or missing X-Hub-Signature-256', code: 401 } });
      return;
    }
    this.ingest.store(body).then(
      () => void res.status(200).send('EVENT_RECEIVED'),
      (e: unknown) => {
        // Not handed over (Redis away): a 5xx makes Meta deliver it again.
        this.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'could not store a WhatsApp webhook');
        res.status(503).json({ error: { message: 'try again', code: 503 } });
      },
    );
  }
}

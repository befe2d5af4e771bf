import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { inServerSpan, rawBodyFor } from '@kedai/core';
import { SIGNATURE_HEADER, signatureHolds } from '../webhooks/signature';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { InboundIngest } from './inbound-ingest';

export const BRIDGE_WEBHOOK_PATH = '/whatsapp/webhook';
const RECEIVED = Buffer.from('EVENT_RECEIVED');
const RECEIVED_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'content-length': RECEIVED.length };

/**
 * `POST /whatsapp/webhook`: Meta's webhooks for the connected numbers. It runs as plain Express
 * handlers ahead of the JSON parser and Nest's pipeline, because the answer must be fast and
 * the only credential is the signature: the raw bytes are read (413 past
 * WHATSAPP_WEBHOOK_MAX_BYTES), X-Hub-Signature-256 is checked over them in constant time before
 * anything parses them (401 for a missing, malformed or wrong one, storing nothing), the body is
 * stored (InboundIngest: one statement for all the webhooks arriving together, a body seen before
 * skipped), and 200 goes back once it is committed. Mapping is the worker's. The GET handshake is
 * an ordinary route (BridgeController).
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
    // First in line: Meta's servers are its only callers, and none of the app's middlewares
    // (helmet's headers for browsers, the web app's routes) does anything for them. Tracing does,
    // so the webhook opens its own server span, which the stored batch links to.
    rawBodyFor(
      this.host,
      BRIDGE_WEBHOOK_PATH,
      this.config.webhookMaxBytes,
      [(req, res, next) => (req.method === 'POST' ? inServerSpan(req, res, () => this.receive(req, res)) : next())],
      { first: true },
    );
  }

  private receive(req: Request, res: Response): void {
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
      // Node's own write: express's send would hash the 14 bytes for an ETag no one asks for.
      () => void res.writeHead(200, RECEIVED_HEADERS).end(RECEIVED),
      (e: unknown) => {
        // Not stored (PostgreSQL away): a 5xx makes Meta deliver it again.
        this.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'could not store a WhatsApp webhook');
        res.status(503).json({ error: { message: 'try again', code: 503 } });
      },
    );
  }
}

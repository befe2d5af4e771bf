import { Inject, Injectable } from '@nestjs/common';
import type { WhatsappChannel } from '../entities/channel.entity';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { downloadBytes } from './download';

/** A Graph API answer that is not a success: `retryable` for 429 and 5xx (and network errors). */
export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 15_000;

/**
 * The port to Meta's Graph API, at WHATSAPP_GRAPH_URL (tests start a local fake Graph server):
 * sending messages from a connected number, fetching the media shoppers send, and the catalog's
 * batch items API. Authorised with the number's token or WHATSAPP_ACCESS_TOKEN.
 */
@Injectable()
export class GraphApi {
  constructor(@Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig) {}

  /** POST /{version}/{meta-phone-number-id}/messages; answers Meta's message id. */
  async sendMessage(channel: WhatsappChannel, body: Record<string, unknown>): Promise<string> {
    const res = await this.call(channel, 'POST', `/${channel.metaPhoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      ...body,
    });
    const id = (res as { messages?: { id?: string }[] }).messages?.[0]?.id;
    if (!id) throw new GraphApiError(200, null, 'the Graph API answered no message id', false);
    return id;
  }

  /** The bytes of a media id a shopper sent (GET /{media-id}, then its url, both with the token). */
  async downloadMedia(
    channel: WhatsappChannel,
    mediaId: string,
    maxBytes: number,
  ): Promise<{ bytes: Buffer; mime: string | null }> {
    const info = (await this.call(channel, 'GET', `/${encodeURIComponent(mediaId)}`)) as { url?: string; mime_type?: string };
    if (!info.url) throw new GraphApiError(200, null, `no url for media ${mediaId}`, false);
    const got = await downloadBytes(info.url, { maxBytes, headers: { authorization: `Bearer ${this.token(channel)}` } }).catch(
      (e: Error) => {
        throw new GraphApiError(0, null, `media download failed: ${e.message}`, true);
      },
    );
    return { bytes: got.bytes, mime: info.mime_type ?? got.contentType };
  }

  /** Sends from a number given by Meta's id (not a channel's), e.g. sign-in codes from WHATSAPP_AUTH_PHONE_NUMBER_ID. */
  async sendFrom(metaPhoneNumberId: string, body: Record<string, unknown>): Promise<string> {
    const res = await this.call(null, 'POST', `/${metaPhoneNumberId}/messages`, { messaging_product: 'whatsapp', ...body });
    const id = (res as { messages?: { id?: string }[] }).messages?.[0]?.id;
    if (!id) throw new GraphApiError(200, null, 'the Graph API answered no message id', false);
    return id;
  }

  /**
   * POST /{version}/{catalog-id}/items_batch: the catalog batch API, with `allow_upsert` so an
   * UPDATE of an item Meta does not hold yet creates it. Answers Meta's batch handles.
   */
  async itemsBatch(channel: WhatsappChannel, requests: Record<string, unknown>[]): Promise<string[]> {
    const res = await this.call(channel, 'POST', `/${channel.metaCatalogId}/items_batch`, {
      item_type: 'PRODUCT_ITEM',
      allow_upsert: true,
      requests,
    });
    return (res as { handles?: string[] }).handles ?? [];
  }

  private token(channel: WhatsappChannel | null): string {
    const token = channel?.metaAccessToken ?? this.config.accessToken;
    if (!token) throw new GraphApiError(0, null, 'no Graph API token: set WHATSAPP_ACCESS_TOKEN or the number’s token', false);
    return token;
  }

  private async call(channel: WhatsappChannel | null, method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.config.graphUrl}/${this.config.graphVersion}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token(channel)}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      if (e instanceof GraphApiError) throw e;
      throw new GraphApiError(0, null, e instanceof Error ? e.message : String(e), true);
    }
    const json = (await res.json().catch(() => ({}))) as { error?: { code?: number; message?: string } };
    if (res.ok) return json;
    const retryable = res.status === 429 || res.status >= 500;
    throw new GraphApiError(
      res.status,
      json.error?.code ?? null,
      json.error?.message ?? `the Graph API answered ${res.status}`,
      retryable,
    );
  }
}

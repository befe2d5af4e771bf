import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { mediaConfig, MediaService, type MediaConfig, type UploadedFileLike } from '@kedai/media';
import { ChannelService } from '../channel.service';
import { CloudErrors } from './cloud-api-error';
import { downloadBytes } from '../graph/download';

export interface CloudMediaInfo {
  messaging_product: 'whatsapp';
  id: string;
  url: string;
  mime_type: string;
  sha256: string;
  file_size: number;
}

/**
 * Cloud API media over libs/media: an upload becomes one of the business's photos (Kedai's media
 * are photos; other types are refused with 131053), and a media id answers the URL of its
 * large JPEG rendition with that file's size and SHA-256, which is what a client downloads.
 */
@Injectable()
export class CloudMediaService {
  constructor(
    private readonly channels: ChannelService,
    private readonly access: BusinessAccessService,
    private readonly media: MediaService,
    @Inject(mediaConfig.KEY) private readonly config: MediaConfig,
  ) {}

  async upload(
    ctx: RequestContext,
    phoneNumberId: string,
    file: (UploadedFileLike & { mimetype?: string }) | undefined,
  ): Promise<string> {
    const channel = await this.channels.forCaller(ctx, phoneNumberId);
    if (!file || file.size === 0) throw CloudErrors.missingParameter('file is required (multipart field "file")');
    if (file.mimetype && !file.mimetype.startsWith('image/'))
      throw CloudErrors.mediaError(`${file.mimetype}: Kedai keeps images only`);
    return this.store(ctx, channel.businessId, file);
  }

  /** An image from a link (a send's `image.link`), stored as the business's photo. */
  async fromLink(ctx: RequestContext, businessId: string, link: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw CloudErrors.invalidValue('image.link is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw CloudErrors.invalidValue('image.link must be http(s)');
    const got = await downloadBytes(url.toString(), { maxBytes: this.config.maxBytes }).catch((e: Error) => {
      throw CloudErrors.mediaError(`image.link could not be downloaded: ${e.message}`);
    });
    return this.store(ctx, businessId, { buffer: got.bytes, size: got.bytes.length });
  }

  async info(ctx: RequestContext, mediaId: string, publicBase: string): Promise<CloudMediaInfo> {
    const businessId = ctx.actor.kind === 'business' ? ctx.actor.businessId : null;
    if (!businessId) throw CloudErrors.badToken('Media is read with the business’s API key');
    await this.media.requireOwned({ businessId }, [mediaId], 'media').catch(() => {
      throw CloudErrors.unknownObject(mediaId);
    });
    const stored = await this.media.rendition(ctx, mediaId, 'large', 'jpeg').catch(() => {
      throw CloudErrors.unknownObject(mediaId);
    });
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of stored.body) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const path = this.media.urls(mediaId).large.jpeg;
    return {
      messaging_product: 'whatsapp',
      id: mediaId,
      url: /^https?:\/\//.test(path) ? path : `${publicBase}${path}`,
      mime_type: stored.contentType,
      sha256: hash.digest('hex'),
      file_size: size,
    };
  }

  private async store(ctx: RequestContext, businessId: string, file: UploadedFileLike): Promise<string> {
    // A bot's key answers chats (chats:answer); it need not edit the catalog to send a photo.
    await this.access.require(ctx, businessId, 'chats:answer');
    try {
      const photo = await this.media.upload(RequestContext.system('whatsapp-media', ctx.requestId), businessId, file);
      return photo.id;
    } catch (e) {
      if (e instanceof DomainError) throw CloudErrors.mediaError(e.message);
      throw e;
    }
  }
}

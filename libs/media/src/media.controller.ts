import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Ctx, Public, THROTTLER_NAMES, type RequestContext } from '@kedai/core';
import { UploadPhotoInput } from './dto/upload-photo.input';
import { MediaService, type Photo, type UploadedFileLike } from './media.service';
import { UploadLimitsInterceptor } from './upload-limits.interceptor';

// A rendition's bytes never change for its URL (keys are derived from the id and nothing
// rewrites them), so browsers and CDNs may keep it for a year without asking again.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Bumped if renditions are ever re-encoded, so a cached copy does not validate against new bytes.
const RENDITION_VERSION = 'v1';

@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  /**
   * multipart/form-data with `file` and, for a business's photo, `businessId` (needs catalog:write
   * there); without it, a photo of the signed-in person's own, for their chats.
   */
  @Post()
  @HttpCode(201)
  @UseInterceptors(UploadLimitsInterceptor, FileInterceptor('file'))
  upload(
    @Ctx() ctx: RequestContext,
    @Body() input: UploadPhotoInput,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<Photo> {
    return this.media.upload(ctx, input.businessId ?? null, file);
  }

  /**
   * A rendition, e.g. /media/<id>/medium.webp. Public (it is on shoppers' screens) and not rate
   * limited, like any static file a page loads by the dozen; a CDN is expected in front.
   */
  @Public()
  @SkipThrottle({ [THROTTLER_NAMES.ip]: true, [THROTTLER_NAMES.account]: true })
  @Get(':id/:size.:format')
  async rendition(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('size') size: string,
    @Param('format') format: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | undefined> {
    const stored = await this.media.rendition(ctx, id, size, format);
    res.set({
      'Cache-Control': IMMUTABLE,
      ETag: `"${RENDITION_VERSION}-${id}-${size}-${format}"`,
      'X-Content-Type-Options': 'nosniff',
      // Helmet's default is same-origin; photos are meant to be shown on other sites and apps.
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': stored.contentType,
    });
    if (req.fresh) {
      stored.body.destroy();
      res.status(304);
      return undefined;
    }
    return new StreamableFile(stored.body, { type: stored.contentType, length: stored.size });
  }
}

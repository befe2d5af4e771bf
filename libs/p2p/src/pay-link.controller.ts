import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { Ctx, Public, type RequestContext } from '@kedai/core';
import { LinkService } from './link.service';

// A code for a handle changes only if the handle changes hands, so a day's caching is safe.
const CACHEABLE = 'public, max-age=86400';

/** QR codes of personal payment links: public, cacheable images for anyone to scan. */
@Controller('pay')
export class PayLinkController {
  constructor(private readonly links: LinkService) {}

  @Public()
  @Get(':handle/qr.png')
  async png(
    @Ctx() ctx: RequestContext,
    @Param('handle') handle: string,
    @Res({ passthrough: true }) res: Response,
    @Query('amount') amount?: string,
    @Query('note') note?: string,
  ): Promise<StreamableFile> {
    const image = (await this.links.qr(ctx, handle, 'png', amount, note)) as Buffer;
    res.set({ 'Cache-Control': CACHEABLE, 'Cross-Origin-Resource-Policy': 'cross-origin' });
    return new StreamableFile(image, { type: 'image/png', length: image.length });
  }

  @Public()
  @Get(':handle/qr.svg')
  async svg(
    @Ctx() ctx: RequestContext,
    @Param('handle') handle: string,
    @Res({ passthrough: true }) res: Response,
    @Query('amount') amount?: string,
    @Query('note') note?: string,
  ): Promise<string> {
    const image = await this.links.qr(ctx, handle, 'svg', amount, note);
    res.set({
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': CACHEABLE,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    return image as string;
  }
}

import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Ctx, MINOR_UNITS, NotFoundError, Public, type RequestContext } from '@kedai/core';
import { LinkService } from './link.service';
import { payPageHtml, payPageJson, type PayPageJson } from './pay-page';

/**
 * `GET /pay/<handle>` and `GET /pay/l/<token>`, where payment links and QR codes point. A program
 * (Accept: application/json) gets the link's JSON; a browser gets a small page. When the web app
 * is built, it answers browsers on `/pay/<handle>` before this does.
 */
@Controller('pay')
export class PayPageController {
  constructor(private readonly links: LinkService) {}

  @Public()
  @Get('l/:token')
  oneOff(@Ctx() ctx: RequestContext, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer(req, res, async () => {
      const link = await this.links.view(ctx, token);
      if (link.kind !== 'one_off') throw new NotFoundError('Payment link');
      return payPageJson(link, this.links.oneOffUrl(token), null, null);
    });
  }

  @Public()
  @Get(':handle')
  personal(
    @Ctx() ctx: RequestContext,
    @Param('handle') handle: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('amount') amount?: string,
    @Query('note') note?: string,
  ): Promise<void> {
    return this.answer(req, res, async () => {
      const link = await this.links.view(ctx, handle);
      if (link.kind !== 'personal') throw new NotFoundError('Payment link');
      const amountMinor = amount && MINOR_UNITS.test(amount) ? BigInt(amount) : null;
      const url = this.links.personalUrl(link.recipient.handle, amountMinor, note);
      return payPageJson(link, url, amountMinor?.toString() ?? null, note?.slice(0, 140) || null);
    });
  }

  private async answer(req: Request, res: Response, build: () => Promise<PayPageJson>): Promise<void> {
    const html = req.accepts(['json', 'html']) === 'html';
    let page: PayPageJson;
    try {
      page = await build();
    } catch (e) {
      // A program gets the API's JSON error; a browser a readable page.
      if (!html || !(e instanceof NotFoundError)) throw e;
      res
        .status(404)
        .type('html')
        .send('<!doctype html><html lang="en"><title>Kedai</title><p>This payment link does not exist.</p></html>');
      return;
    }
    res.set('Cache-Control', 'no-cache').vary('Accept');
    if (html) res.type('html').send(payPageHtml(page));
    else res.json(page);
  }
}

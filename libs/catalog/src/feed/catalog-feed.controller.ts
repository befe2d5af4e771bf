import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '@kedai/core';
import { CatalogFeedService } from './catalog-feed.service';
import { CsvBody } from './csv-body.decorator';
import { CatalogImportModel } from './models/catalog-import.model';

/**
 * The REST side of catalog feeds, for files too big for a GraphQL request and for downloads. The
 * API's access guard and error filter cover these routes as they do GraphQL; the service checks
 * catalog:write.
 */
@Controller('businesses/:businessId/catalog')
export class CatalogFeedController {
  constructor(private readonly feeds: CatalogFeedService) {}

  /** `POST` a `text/csv` body; answers 202 with the queued import (poll catalogImport for the rest). */
  @Post('imports')
  @HttpCode(202)
  async import(
    @Ctx() ctx: RequestContext,
    @Param('businessId', ParseUUIDPipe) businessId: string,
    @CsvBody() csv: string,
  ): Promise<CatalogImportModel> {
    return CatalogImportModel.from(await this.feeds.startImport(ctx, businessId, csv));
  }

  // The CSV headers are set once the service answered: set up front (@Header), they would also
  // label an error's JSON body as CSV.
  @Get('exports/:exportId.csv')
  async download(
    @Ctx() ctx: RequestContext,
    @Param('businessId', ParseUUIDPipe) businessId: string,
    @Param('exportId', ParseUUIDPipe) exportId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const csv = await this.feeds.exportCsv(ctx, businessId, exportId);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="catalog.csv"');
    return csv;
  }
}

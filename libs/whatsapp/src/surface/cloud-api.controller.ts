import { Body, Controller, Get, HttpCode, Param, Post, Req, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Ctx, PathPattern, Public, type RequestContext } from '@kedai/core';
import type { UploadedFileLike } from '@kedai/media';
import { templateJson, TemplateService } from '../templates/template.service';
import { CloudApiFilter } from './cloud-api.filter';
import { CloudMediaService, type CloudMediaInfo } from './cloud-media.service';
import { CloudMessagesService, type SendResponse } from './cloud-messages.service';

/**
 * Kedai playing Meta's part: the Cloud API's routes, authorised by the business's API key as the
 * bearer token. Public to the access guard only so that a missing token is answered as the Cloud
 * API answers it (190); each service opens by checking the caller owns the id it names. The
 * `:version` segment is checked once, for every route, by @PathPattern (the access guard answers
 * 404 for any path not under `/v<major>.<minor>/`), so no handler reads it.
 */
@Public()
@PathPattern(/^\/v\d+\.\d+\//)
@UseFilters(CloudApiFilter)
@Controller()
export class CloudApiController {
  constructor(
    private readonly messages: CloudMessagesService,
    private readonly templates: TemplateService,
    private readonly media: CloudMediaService,
  ) {}

  @Post(':version/:phoneNumberId/messages')
  @HttpCode(200)
  send(@Ctx() ctx: RequestContext, @Param('phoneNumberId') phoneNumberId: string, @Body() body: unknown): Promise<SendResponse> {
    return this.messages.send(ctx, phoneNumberId, body);
  }

  @Post(':version/:phoneNumberId/media')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('phoneNumberId') phoneNumberId: string,
    @UploadedFile() file: (UploadedFileLike & { mimetype?: string }) | undefined,
  ): Promise<{ id: string }> {
    return { id: await this.media.upload(ctx, phoneNumberId, file) };
  }

  @Post(':version/:wabaId/message_templates')
  @HttpCode(200)
  async createTemplate(
    @Ctx() ctx: RequestContext,
    @Param('wabaId') wabaId: string,
    @Body() body: unknown,
  ): Promise<{ id: string; status: string; category: string }> {
    const t = await this.templates.create(ctx, wabaId, body);
    return { id: t.id, status: t.status, category: t.category };
  }

  @Get(':version/:wabaId/message_templates')
  async listTemplates(
    @Ctx() ctx: RequestContext,
    @Param('wabaId') wabaId: string,
  ): Promise<{ data: Record<string, unknown>[]; paging: Record<string, unknown> }> {
    const list = await this.templates.list(ctx, wabaId);
    return { data: list.map(templateJson), paging: { cursors: {} } };
  }

  @Get(':version/:mediaId')
  mediaInfo(@Ctx() ctx: RequestContext, @Param('mediaId') mediaId: string, @Req() req: Request): Promise<CloudMediaInfo> {
    return this.media.info(ctx, mediaId, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  }
}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Ctx, PathPattern, Public, type RequestContext } from '@kedai/core';
import type { UploadedFileLike } from '@kedai/media';
import { templateJson, TemplateService } from '../templates/template.service';
import { CloudApiFilter } from './cloud-api.filter';
import { CloudMediaService, type CloudMediaInfo } from './cloud-media.service';
import { CloudMessagesService, type SendResponse } from './cloud-messages.service';

const VERSION = /^v\d+\.\d+$/;
const version = (v: string) => {
  if (!VERSION.test(v)) throw new NotFoundException();
};

/**
 * Kedai playing Meta's part: the Cloud API's routes, authorised by the business's API key as the
 * bearer token. Public to the access guard only so that a missing token is answered as the Cloud
 * API answers it (190); each service opens by checking the caller owns the id it names.
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
  send(
    @Ctx() ctx: RequestContext,
    @Param('version') v: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Body() body: unknown,
  ): Promise<SendResponse> {
    version(v);
    return this.messages.send(ctx, phoneNumberId, body);
  }

  @Post(':version/:phoneNumberId/media')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('version') v: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @UploadedFile() file: (UploadedFileLike & { mimetype?: string }) | undefined,
  ): Promise<{ id: string }> {
    version(v);
    return { id: await this.media.upload(ctx, phoneNumberId, file) };
  }

  @Post(':version/:wabaId/message_templates')
  @HttpCode(200)
  async createTemplate(
    @Ctx() ctx: RequestContext,
    @Param('version') v: string,
    @Param('wabaId') wabaId: string,
    @Body() body: unknown,
  ): Promise<{ id: string; status: string; category: string }> {
    version(v);
    const t = await this.templates.create(ctx, wabaId, body);
    return { id: t.id, status: t.status, category: t.category };
  }

  @Get(':version/:wabaId/message_templates')
  async listTemplates(
    @Ctx() ctx: RequestContext,
    @Param('version') v: string,
    @Param('wabaId') wabaId: string,
  ): Promise<{ data: Record<string, unknown>[]; paging: Record<string, unknown> }> {
    version(v);
    const list = await this.templates.list(ctx, wabaId);
    return { data: list.map(templateJson), paging: { cursors: {} } };
  }

  @Get(':version/:mediaId')
  mediaInfo(
    @Ctx() ctx: RequestContext,
    @Param('version') v: string,
    @Param('mediaId') mediaId: string,
    @Req() req: Request,
  ): Promise<CloudMediaInfo> {
    version(v);
    return this.media.info(ctx, mediaId, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  }
}

import { Injectable } from '@nestjs/common';
import { OnJob, type RequestContext } from '@kedai/core';
import { reviewTemplate } from '../whatsapp.jobs';
import { TemplateService } from './template.service';

/** Reviews templates registered while WHATSAPP_TEMPLATE_APPROVAL is `review`. */
@Injectable()
export class TemplateReviewHandler {
  constructor(private readonly templates: TemplateService) {}

  @OnJob(reviewTemplate)
  async review(_ctx: RequestContext, { templateId }: { templateId: string }): Promise<void> {
    await this.templates.review(templateId);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { OnJob, type RequestContext } from '@kedai/core';
import { collectionChanged, productChanged } from './catalog.jobs';

/**
 * The consumer of catalog change events. Nothing subscribes yet (chat, caches and the WhatsApp sync
 * come later), so it only notes the event; with no effect it is trivially safe to run twice.
 */
@Injectable()
export class CatalogEventsHandler {
  private readonly logger = new Logger(CatalogEventsHandler.name);

  @OnJob(productChanged)
  published(_ctx: RequestContext, payload: { productId: string; businessId: string; change: string }): Promise<void> {
    this.logger.debug(`product ${payload.productId} of business ${payload.businessId} ${payload.change}`);
    return Promise.resolve();
  }

  @OnJob(collectionChanged)
  collection(_ctx: RequestContext, payload: { collectionId: string; businessId: string; change: string }): Promise<void> {
    this.logger.debug(`collection ${payload.collectionId} of business ${payload.businessId} ${payload.change}`);
    return Promise.resolve();
  }
}

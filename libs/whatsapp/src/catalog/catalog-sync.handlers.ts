import { Injectable } from '@nestjs/common';
import { OnEvent, OnJob, type RequestContext } from '@kedai/core';
import { productChanged } from '@kedai/catalog';
import { pushCatalog } from '../whatsapp.jobs';
import { CatalogSyncService } from './catalog-sync.service';

/** The catalog sync's jobs: a product changed (catalog's event), and the delayed push it schedules. */
@Injectable()
export class CatalogSyncHandlers {
  constructor(private readonly sync: CatalogSyncService) {}

  @OnEvent(productChanged, 'whatsapp-catalog', { queue: 'whatsapp' })
  async changed(_ctx: RequestContext, { businessId, productId }: { businessId: string; productId: string }): Promise<void> {
    await this.sync.changed(businessId, productId);
  }

  @OnJob(pushCatalog)
  async push(_ctx: RequestContext, { channelId }: { channelId: string }): Promise<void> {
    await this.sync.push(channelId);
  }
}

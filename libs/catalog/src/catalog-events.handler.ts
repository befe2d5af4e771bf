import { Injectable } from '@nestjs/common';
import { OnEvent, OnJob, type RequestContext } from '@kedai/core';
import { collectionChanged, productChanged } from './catalog.jobs';
import { CatalogChanges } from './read/catalog-changes';

/**
 * The consumer of catalog change events: it tells every API process that the catalog changed (their
 * cached answers go stale). The process that made the change has already said so right after its
 * commit; this is the guaranteed second telling, for a process that died in between. Saying it
 * twice costs one cache miss, so running twice is safe.
 */
@Injectable()
export class CatalogEventsHandler {
  constructor(private readonly changes: CatalogChanges) {}

  @OnEvent(productChanged, 'catalog-cache')
  product(_ctx: RequestContext, payload: { productId: string; businessId: string; change: string }): Promise<void> {
    return this.changes.changed(payload.businessId);
  }

  @OnJob(collectionChanged)
  collection(_ctx: RequestContext, payload: { collectionId: string; businessId: string; change: string }): Promise<void> {
    return this.changes.changed(payload.businessId);
  }
}

import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, OutboxService, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { collectionChanged, type CollectionChange } from './catalog.jobs';
import { Collection, CollectionProduct } from './entities/collection.entity';
import { guarded, invalid } from './input-errors';
import { permute, repeated } from './ordering';
import { CatalogChanges } from './read/catalog-changes';

/** Merchant side of collections: named, ordered groups of products. Needs catalog:write. */
@Injectable()
export class CollectionService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly outbox: OutboxService,
    private readonly changes: CatalogChanges,
  ) {}

  async create(ctx: RequestContext, businessId: string, name: string, productIds: readonly string[] = []): Promise<Collection> {
    await this.access.require(ctx, businessId, 'catalog:write');
    const created = await this.named(name, () =>
      this.em.transactional(async (tx) => {
        // Serialises creations per business so two never take the same position.
        await tx.execute('select id from business where id = ? for update', [businessId]);
        const [{ next }] = await tx.execute<{ next: number }[]>(
          'select coalesce(max(position) + 1, 0)::int as next from collection where business_id = ?',
          [businessId],
        );
        const collection = guarded('name', () => new Collection(businessId, name, next));
        tx.persist(collection);
        await tx.flush();
        await this.fill(tx, collection, productIds);
        this.changed(tx, collection, 'created');
        await tx.flush();
        return collection;
      }),
    );
    await this.changes.changed(businessId);
    return created;
  }

  async rename(ctx: RequestContext, id: string, name: string): Promise<Collection> {
    return this.named(name, () =>
      this.change(ctx, id, 'updated', (collection) => {
        guarded('name', () => collection.rename(name));
        return Promise.resolve();
      }),
    );
  }

  /** Replaces the collection's products with these, in this order. */
  async setProducts(ctx: RequestContext, id: string, productIds: readonly string[]): Promise<Collection> {
    return this.change(ctx, id, 'updated', async (collection, tx) => {
      await tx.nativeDelete(CollectionProduct, { collectionId: collection.id });
      await this.fill(tx, collection, productIds);
    });
  }

  /** Deletes the collection; its products stay in the catalog. */
  async delete(ctx: RequestContext, id: string): Promise<Collection> {
    return this.change(ctx, id, 'deleted', (collection, tx) => {
      tx.remove(collection);
      return Promise.resolve();
    });
  }

  /** Puts these collections in this order, among the positions they hold (see ordering.ts). */
  async reorder(ctx: RequestContext, businessId: string, ids: readonly string[]): Promise<Collection[]> {
    await this.access.require(ctx, businessId, 'catalog:write');
    const twice = repeated(ids);
    if (twice) throw invalid('ids', `the collection ${twice} is listed twice`);
    const reordered = await this.em.transactional(async (tx) => {
      const found = await tx.find(
        Collection,
        { id: { $in: [...ids] }, businessId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      const missing = ids.find((id) => !found.some((c) => c.id === id));
      if (missing) throw invalid('ids', `${missing} is not a collection of this business`);
      const positions = permute(found, ids);
      for (const c of found) {
        const position = positions.get(c.id);
        if (position === undefined) continue;
        c.position = position;
        this.changed(tx, c, 'updated');
      }
      await tx.flush();
      return ids.map((id) => found.find((c) => c.id === id)!);
    });
    await this.changes.changed(businessId);
    return reordered;
  }

  private async change(
    ctx: RequestContext,
    id: string,
    change: CollectionChange,
    apply: (collection: Collection, tx: EntityManager) => Promise<void>,
  ): Promise<Collection> {
    const found = await this.em.findOne(Collection, { id }, { refresh: true });
    // Refused the same way whether or not it exists, so ids of other businesses cannot be probed.
    await this.access.require(ctx, found?.businessId ?? id, 'catalog:write');
    if (!found) throw new NotFoundError('Collection');
    const changed = await this.em.transactional(async (tx) => {
      const collection = await tx.findOne(Collection, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!collection) throw new NotFoundError('Collection');
      this.changed(tx, collection, change);
      await apply(collection, tx);
      await tx.flush();
      return collection;
    });
    await this.changes.changed(found.businessId);
    return changed;
  }

  private async fill(tx: EntityManager, collection: Collection, productIds: readonly string[]): Promise<void> {
    const twice = repeated(productIds);
    if (twice) throw invalid('productIds', `the product ${twice} is listed twice`);
    if (productIds.length === 0) return;
    const rows = await tx.execute<{ id: string }[]>(
      'select id from product where id in (?) and business_id = ? and archived_at is null',
      [[...productIds], collection.businessId],
    );
    const known = new Set(rows.map((r) => r.id));
    const unknown = productIds.find((id) => !known.has(id));
    if (unknown) throw invalid('productIds', `${unknown} is not a product of this business, or it is archived`);
    productIds.forEach((productId, position) => tx.persist(new CollectionProduct(collection.id, productId, position)));
  }

  private changed(tx: EntityManager, collection: Collection, change: CollectionChange): void {
    this.outbox.enqueue(tx, collectionChanged, { collectionId: collection.id, businessId: collection.businessId, change });
  }

  /** Runs a write whose only unique rule is the name; a clash becomes COLLECTION_NAME_TAKEN. */
  private async named<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw new ConflictError('COLLECTION_NAME_TAKEN', `This business already has a collection named "${name.trim()}"`);
      throw e;
    }
  }
}

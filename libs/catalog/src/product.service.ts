import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError, OutboxService, type RequestContext } from '@kedai/core';
import { BusinessAccessService, BusinessService } from '@kedai/business';
import { MediaService } from '@kedai/media';
import { productChanged, type ProductChange } from './catalog.jobs';
import type { CreateProductInput } from './dto/create-product.input';
import type { UpdateProductInput } from './dto/update-product.input';
import { Product, type ProductChanges } from './entities/product.entity';
import { ProductVariant } from './entities/product-variant.entity';
import { MAX_PHOTOS, ProductPhoto } from './entities/product-photo.entity';
import { SkuTakenError } from './errors';
import { CatalogChanges } from './read/catalog-changes';
import { guarded, invalid } from './input-errors';
import { permute, repeated } from './ordering';

/** Merchant side of the catalog: creating, changing and archiving products. Needs catalog:write. */
@Injectable()
export class ProductService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly businesses: BusinessService,
    private readonly outbox: OutboxService,
    private readonly media: MediaService,
    private readonly changes: CatalogChanges,
  ) {}

  /** Creates a product with its variants (or one default variant), and its change event, in one transaction. */
  async create(ctx: RequestContext, businessId: string, input: CreateProductInput): Promise<Product> {
    await this.access.require(ctx, businessId, 'catalog:write');
    const [business] = await this.businesses.byIds(ctx, [businessId]);
    if (!business) throw new NotFoundError('Business');
    if (input.currency !== business.currency)
      throw invalid('currency', `currency must be the business’s currency, ${business.currency}`);
    const skus = input.variants ? input.variants.map((v) => v.sku) : [input.retailerId];
    const repeated = skus.find((s, i) => skus.indexOf(s) !== i);
    if (repeated) throw new SkuTakenError(repeated);

    try {
      const created = await this.em.transactional(async (tx) => {
        const [{ next }] = await tx.execute<{ next: number }[]>(
          'select coalesce(max(position) + 1, 0)::int as next from product where business_id = ?',
          [businessId],
        );
        const product = guarded(
          'input',
          () =>
            new Product({
              businessId,
              retailerId: input.retailerId,
              name: input.name,
              description: input.description,
              priceMinor: BigInt(input.price),
              salePriceMinor: input.salePrice === undefined ? null : BigInt(input.salePrice),
              currency: business.currency,
              availability: input.availability,
              position: next,
            }),
        );
        tx.persist(product);
        const variants = input.variants ?? [{ sku: input.retailerId, options: [], price: undefined, stock: input.stock }];
        variants.forEach((v, position) => {
          const options = Object.fromEntries(v.options.map((o) => [o.name, o.value]));
          if (Object.keys(options).length !== v.options.length)
            throw invalid(`variants.${position}.options`, 'option names must differ');
          tx.persist(
            guarded(
              `variants.${position}`,
              () =>
                new ProductVariant({
                  productId: product.id,
                  businessId,
                  sku: v.sku,
                  options,
                  priceMinor: v.price === undefined ? product.priceMinor : BigInt(v.price),
                  stock: v.stock,
                  position,
                }),
            ),
          );
        });
        await tx.flush();
        await this.placePhotos(ctx, tx, product, input.photos ?? []);
        this.changed(tx, product, 'created');
        await tx.flush();
        return product;
      });
      await this.changes.changed(businessId);
      return created;
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new SkuTakenError();
      throw e;
    }
  }

  async update(ctx: RequestContext, id: string, input: UpdateProductInput): Promise<Product> {
    return this.change(ctx, id, 'updated', (product, tx) => {
      const changes: ProductChanges = {
        name: input.name,
        description: input.description,
        priceMinor: input.price === undefined ? undefined : BigInt(input.price),
        salePriceMinor: input.salePrice === undefined ? undefined : input.salePrice === null ? null : BigInt(input.salePrice),
        availability: input.availability,
      };
      guarded('input', () => product.change(changes));
      return changes.priceMinor === undefined ? Promise.resolve() : this.repriceDefaultVariant(tx, product);
    });
  }

  /**
   * Replaces a product's photos with these, in this order (the first is the cover). Photos it no
   * longer shows, and no other product of the business shows, go back to media to be cleaned up.
   */
  async setPhotos(ctx: RequestContext, id: string, mediaIds: readonly string[]): Promise<Product> {
    return this.change(ctx, id, 'updated', async (product, tx) => {
      const before = (
        await tx.execute<{ media_id: string }[]>('select media_id from product_photo where product_id = ?', [id])
      ).map((r) => r.media_id);
      await tx.nativeDelete(ProductPhoto, { productId: id });
      await this.placePhotos(ctx, tx, product, mediaIds);
      const dropped = before.filter((m) => !mediaIds.includes(m));
      if (dropped.length === 0) return;
      const stillShown = await tx.execute<{ media_id: string }[]>(
        'select distinct media_id from product_photo where media_id in (?)',
        [dropped],
      );
      await this.media.release(
        tx,
        dropped.filter((m) => !stillShown.some((r) => r.media_id === m)),
      );
    });
  }

  /** A product of a business the caller may edit the catalog of (also archived ones). */
  async get(ctx: RequestContext, id: string): Promise<Product> {
    const found = await this.em.findOne(Product, { id }, { refresh: true });
    await this.access.require(ctx, found?.businessId ?? id, 'catalog:write');
    if (!found) throw new NotFoundError('Product');
    return found;
  }

  /** Archiving hides a product from shoppers for good; its rows stay for the orders that point at them. */
  async archive(ctx: RequestContext, id: string): Promise<Product> {
    return this.change(ctx, id, 'archived', (product) => {
      product.archive(new Date());
      return Promise.resolve();
    });
  }

  /** Puts these products in this order, among the positions they hold (see ordering.ts). */
  async reorder(ctx: RequestContext, businessId: string, ids: readonly string[]): Promise<Product[]> {
    await this.access.require(ctx, businessId, 'catalog:write');
    const twice = repeated(ids);
    if (twice) throw invalid('ids', `the product ${twice} is listed twice`);
    const reordered = await this.em.transactional(async (tx) => {
      const found = await tx.find(
        Product,
        { id: { $in: [...ids] }, businessId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      const missing = ids.find((id) => !found.some((p) => p.id === id));
      if (missing) throw invalid('ids', `${missing} is not a product of this business`);
      for (const [id, position] of permute(found, ids)) {
        const product = found.find((p) => p.id === id)!;
        product.position = position;
        this.changed(tx, product, 'updated');
      }
      await tx.flush();
      return ids.map((id) => found.find((p) => p.id === id)!);
    });
    await this.changes.changed(businessId);
    return reordered;
  }

  private async change(
    ctx: RequestContext,
    id: string,
    change: ProductChange,
    apply: (product: Product, tx: EntityManager) => Promise<void>,
  ): Promise<Product> {
    const found = await this.em.findOne(Product, { id }, { refresh: true });
    // Refused the same way whether or not the product exists, so ids of other businesses cannot be probed.
    await this.access.require(ctx, found?.businessId ?? id, 'catalog:write');
    if (!found) throw new NotFoundError('Product');
    await this.em.transactional(async (tx) => {
      const product = await tx.findOneOrFail(Product, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await apply(product, tx);
      this.changed(tx, product, change);
      await tx.flush();
    });
    await this.changes.changed(found.businessId);
    return (await this.em.findOne(Product, { id }, { refresh: true })) ?? found;
  }

  // A plain product's one variant carries the product's price; products with options price each variant.
  private async repriceDefaultVariant(tx: EntityManager, product: Product): Promise<void> {
    const variants = await tx.find(ProductVariant, { productId: product.id });
    if (variants.length === 1 && variants[0].isDefault) variants[0].priceMinor = product.priceMinor;
  }

  /** Attaches photos uploaded to the product's business (media refuses others) and places them in order. */
  private async placePhotos(
    ctx: RequestContext,
    tx: EntityManager,
    product: Product,
    mediaIds: readonly string[],
  ): Promise<void> {
    const twice = repeated(mediaIds);
    if (twice) throw invalid('photos', `the photo ${twice} is listed twice`);
    if (mediaIds.length > MAX_PHOTOS) throw invalid('photos', `a product has at most ${MAX_PHOTOS} photos`);
    if (mediaIds.length === 0) return;
    await this.media.attach(tx, product.businessId, [...mediaIds]);
    // Sizes never change for a media id, so they are read outside the transaction and copied.
    const photos = await this.media.assets(ctx, mediaIds);
    photos.forEach((photo, position) => {
      if (!photo) throw invalid('photos', `not a photo: ${mediaIds[position]}`);
      tx.persist(
        new ProductPhoto({ productId: product.id, mediaId: photo.id, position, width: photo.width, height: photo.height }),
      );
    });
    await tx.flush();
  }

  private changed(tx: EntityManager, product: Product, change: ProductChange): void {
    this.outbox.enqueue(tx, productChanged, { productId: product.id, businessId: product.businessId, change });
  }
}

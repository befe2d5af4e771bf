import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError, OutboxService, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { productChanged } from './catalog.jobs';
import type { CreateVariantInput } from './dto/create-product.input';
import type { UpdateVariantInput } from './dto/variant.input';
import { Product } from './entities/product.entity';
import { ProductVariant } from './entities/product-variant.entity';
import { SkuTakenError } from './errors';
import { guarded, invalid } from './input-errors';
import { CatalogChanges } from './read/catalog-changes';

/**
 * Merchant side of variants: adding a size, repricing or restocking one, removing one. Every change
 * locks the product row first, so edits of one product's variants run one at a time, and publishes
 * the product's change event. Needs catalog:write.
 */
@Injectable()
export class VariantService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly outbox: OutboxService,
    private readonly changes: CatalogChanges,
  ) {}

  /** A new variant of a product that has options; it must have the same option names as its siblings. */
  async add(ctx: RequestContext, productId: string, input: CreateVariantInput): Promise<ProductVariant> {
    return this.withProduct(ctx, productId, async (product, variants, tx) => {
      if (variants.some((v) => v.isDefault))
        throw invalid('productId', 'a product without options has one variant; create a product with variants instead');
      const options = Object.fromEntries(input.options.map((o) => [o.name, o.value]));
      if (Object.keys(options).length !== input.options.length) throw invalid('options', 'option names must differ');
      const names = Object.keys(variants[0].options).sort().join(',');
      if (Object.keys(options).sort().join(',') !== names)
        throw invalid('options', `this product's variants have the options ${names.replaceAll(',', ', ')}`);
      if (variants.some((v) => sameOptions(v.options, options)))
        throw invalid('options', 'another variant already has these options');
      const variant = guarded(
        'input',
        () =>
          new ProductVariant({
            productId: product.id,
            businessId: product.businessId,
            sku: input.sku,
            options,
            priceMinor: input.price === undefined ? product.priceMinor : BigInt(input.price),
            stock: input.stock,
            position: Math.max(...variants.map((v) => v.position)) + 1,
          }),
      );
      tx.persist(variant);
      return variant;
    });
  }

  /** Reprices or restocks a variant. A plain product's price is the product's own: change it there. */
  async update(ctx: RequestContext, id: string, input: UpdateVariantInput): Promise<ProductVariant> {
    const productId = await this.productOf(id);
    return this.withProduct(ctx, productId ?? id, (_product, variants) => {
      const variant = variants.find((v) => v.id === id);
      if (!variant) throw new NotFoundError('Variant');
      if (input.price !== undefined && variant.isDefault)
        throw invalid('price', 'a product without options is priced on the product: use updateProduct');
      guarded('input', () =>
        variant.change({
          priceMinor: input.price === undefined ? undefined : BigInt(input.price),
          stock: input.stock,
        }),
      );
      return Promise.resolve(variant);
    });
  }

  /** Removes a variant; a product keeps at least one (archive the product to stop selling it). */
  async remove(ctx: RequestContext, id: string): Promise<ProductVariant> {
    const productId = await this.productOf(id);
    return this.withProduct(ctx, productId ?? id, (_product, variants, tx) => {
      const variant = variants.find((v) => v.id === id);
      if (!variant) throw new NotFoundError('Variant');
      if (variants.length === 1) throw invalid('id', 'a product keeps at least one variant; archive the product instead');
      tx.remove(variant);
      return Promise.resolve(variant);
    });
  }

  private async productOf(variantId: string): Promise<string | null> {
    const [row] = await this.em.execute<{ product_id: string }[]>('select product_id from product_variant where id = ?', [
      variantId,
    ]);
    return row?.product_id ?? null;
  }

  private async withProduct<T>(
    ctx: RequestContext,
    productId: string,
    apply: (product: Product, variants: ProductVariant[], tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    const found = await this.em.findOne(Product, { id: productId }, { refresh: true });
    // Refused the same way whether or not it exists, so ids of other businesses cannot be probed.
    await this.access.require(ctx, found?.businessId ?? productId, 'catalog:write');
    if (!found || found.archivedAt) throw new NotFoundError('Product');
    try {
      const result = await this.em.transactional(async (tx) => {
        const product = await tx.findOneOrFail(Product, { id: productId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        const variants = await tx.find(ProductVariant, { productId }, { orderBy: { position: 'asc', id: 'asc' } });
        const result = await apply(product, variants, tx);
        this.outbox.enqueue(tx, productChanged, { productId, businessId: product.businessId, change: 'updated' });
        product.updatedAt = new Date();
        await tx.flush();
        return result;
      });
      await this.changes.changed(found.businessId);
      return result;
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new SkuTakenError();
      throw e;
    }
  }
}

function sameOptions(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

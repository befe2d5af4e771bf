import type { EntityManager } from '@mikro-orm/core';
import sharp from 'sharp';
import { Collection, CollectionProduct } from '@kedai/catalog/entities/collection.entity';
import { ProductPhoto } from '@kedai/catalog/entities/product-photo.entity';
import { Product } from '@kedai/catalog/entities/product.entity';
import { ProductVariant } from '@kedai/catalog/entities/product-variant.entity';
import { CheckoutSettings, DiscountCode, ShippingOption } from '@kedai/checkout/entities/settings.entity';
import { MediaAsset } from '@kedai/media/entities/media-asset.entity';
import { PhotoPipeline } from '@kedai/media/photo-pipeline';
import { renditionKey } from '@kedai/media/renditions';
import { LocalDiskStorage } from '@kedai/media/storage/local-disk.storage';

interface DemoProduct {
  sku: string;
  name: string;
  description: string;
  price: bigint;
  sale?: bigint;
  colour: string;
  collection: 'Drinks' | 'Beans & gear' | 'Bakery';
  stock?: number;
  variants?: { sku: string; options: Record<string, string>; price: bigint; stock: number }[];
}

const PRODUCTS: DemoProduct[] = [
  {
    sku: 'KOPI-SUSU-AIS',
    name: 'Kopi Susu Ais',
    description: 'Iced coffee with condensed milk.',
    price: 650n,
    colour: '#8d5b3a',
    collection: 'Drinks',
  },
  {
    sku: 'KOPI-O',
    name: 'Kopi O Panas',
    description: 'Hot black coffee, sweetened.',
    price: 350n,
    sale: 300n,
    colour: '#3b2417',
    collection: 'Drinks',
  },
  { sku: 'TEH-TARIK', name: 'Teh Tarik', description: 'Pulled milk tea.', price: 400n, colour: '#c89b6d', collection: 'Drinks' },
  {
    sku: 'KAYA-TOAST',
    name: 'Kaya Toast',
    description: 'Charcoal-toasted bread, kaya and butter.',
    price: 550n,
    colour: '#e2b04a',
    collection: 'Bakery',
    stock: 30,
  },
  {
    sku: 'HOUSE-BLEND',
    name: 'House Blend Beans 250 g',
    description: 'Medium roast from Sabah and Java, roasted every Monday.',
    price: 3800n,
    colour: '#5a3825',
    collection: 'Beans & gear',
    variants: [
      { sku: 'HOUSE-BLEND-WHOLE', options: { grind: 'Whole bean' }, price: 3800n, stock: 20 },
      { sku: 'HOUSE-BLEND-V60', options: { grind: 'Pour-over' }, price: 3800n, stock: 15 },
    ],
  },
  {
    sku: 'KETTLE',
    name: 'Pour-over Kettle',
    description: 'Gooseneck, 600 ml.',
    price: 12900n,
    colour: '#9aa5ab',
    collection: 'Beans & gear',
    stock: 5,
  },
];

/**
 * The demo business's catalog, collections and checkout settings, so a fresh `npm start` has
 * something to browse, order and pay for. Photos are real renditions through the same pipeline
 * as uploads, written to the local-disk storage (MEDIA_DIR); with S3 storage configured the demo
 * products are created without photos (and so stay hidden until photos are added).
 */
export async function seedDemoCatalog(em: EntityManager, businessId: string): Promise<void> {
  if (await em.findOne(Product, { businessId, retailerId: PRODUCTS[0].sku })) return;
  const local = (process.env.MEDIA_STORAGE ?? 'local') === 'local';
  const storage = new LocalDiskStorage(process.env.MEDIA_DIR || 'var/media');
  const pipeline = new PhotoPipeline({ maxPixels: 50_000_000, concurrency: 1 });
  const collections = new Map<string, Collection>();
  for (const [position, name] of ['Drinks', 'Bakery', 'Beans & gear'].entries()) {
    const c = new Collection(businessId, name, position);
    collections.set(name, c);
    em.persist(c);
  }
  for (const [position, p] of PRODUCTS.entries()) {
    const product = new Product({
      businessId,
      retailerId: p.sku,
      name: p.name,
      description: p.description,
      priceMinor: p.price,
      salePriceMinor: p.sale ?? null,
      currency: 'MYR',
      position,
    });
    em.persist(product);
    const variants = p.variants ?? [{ sku: p.sku, options: {}, price: p.price, stock: p.stock ?? null }];
    variants.forEach((v, i) =>
      em.persist(
        new ProductVariant({
          productId: product.id,
          businessId,
          sku: v.sku,
          options: v.options,
          priceMinor: v.price,
          stock: v.stock,
          position: i,
        }),
      ),
    );
    em.persist(new CollectionProduct(collections.get(p.collection)!.id, product.id, position));
    if (!local) continue;
    const original = await sharp({ create: { width: 900, height: 900, channels: 3, background: p.colour } })
      .jpeg()
      .toBuffer();
    const photo = await pipeline.process(original);
    const asset = new MediaAsset({
      businessId,
      uploadedBy: null,
      mime: photo.mime,
      width: photo.width,
      height: photo.height,
      bytes: original.length,
    });
    asset.attach(new Date());
    for (const r of photo.renditions) await storage.put(renditionKey(asset.id, r.size, r.format), r.data, `image/${r.format}`);
    em.persist(asset);
    em.persist(
      new ProductPhoto({ productId: product.id, mediaId: asset.id, position: 0, width: photo.width, height: photo.height }),
    );
  }
  const settings = new CheckoutSettings(businessId);
  settings.taxRateBp = 600;
  em.persist(settings);
  em.persist(new ShippingOption({ businessId, kind: 'pickup', name: 'Pick up at the counter', position: 0 }));
  em.persist(
    new ShippingOption({ businessId, kind: 'flat', name: 'Delivery in KL', feeMinor: 800n, freeOverMinor: 8000n, position: 1 }),
  );
  em.persist(new DiscountCode({ businessId, code: 'WELCOME10', kind: 'percent', value: 1000n }));
  await em.flush();
}

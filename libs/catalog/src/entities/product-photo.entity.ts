import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp } from '@mikro-orm/core';
// Only for the foreign key: the photo itself belongs to media (MediaService), the catalog holds its id.
import { MediaAsset } from '@kedai/media/entities/media-asset.entity';
import { Product } from './product.entity';

export const MAX_PHOTOS = 10;

/**
 * A product's photo, in order; the first is the cover. Width and height are copied from the photo
 * (they never change for a media id) so a catalog page draws its photos without asking media.
 */
@Entity({ tableName: 'product_photo' })
@Index({ name: 'product_photo_media_idx', properties: ['mediaId'] })
@Check({ name: 'product_photo_position_check', expression: 'position >= 0 and position < 10' })
export class ProductPhoto {
  [PrimaryKeyProp]?: ['productId', 'mediaId'];

  @ManyToOne(() => Product, {
    primary: true,
    mapToPk: true,
    joinColumn: 'product_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly productId: string;

  // No cascade: a photo some product shows is never deleted (media's cleanup only takes released ones).
  @ManyToOne(() => MediaAsset, {
    primary: true,
    mapToPk: true,
    joinColumn: 'media_id',
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly mediaId: string;

  @Property({ type: 'integer' })
  position: number;

  @Property({ type: 'integer' })
  readonly width: number;

  @Property({ type: 'integer' })
  readonly height: number;

  constructor(input: { productId: string; mediaId: string; position: number; width: number; height: number }) {
    this.productId = input.productId;
    this.mediaId = input.mediaId;
    this.position = input.position;
    this.width = input.width;
    this.height = input.height;
  }
}

import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
// Only for the foreign keys: an asset holds ids, never the business or the person.
import { Business } from '@kedai/business/entities/business.entity';
import { Person } from '@kedai/identity/entities/person.entity';

export const MEDIA_STATUSES = ['pending', 'attached'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

export interface NewMediaAsset {
  /** The business it was uploaded to; null for a person's own photo (for their chats). */
  businessId: string | null;
  uploadedBy: string | null;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

/**
 * An uploaded photo: its renditions live in MediaStorage under keys derived from the id. It is
 * `pending` until something (a product, a chat message) attaches it; pending assets older than
 * the orphan TTL are deleted by the cleanup job, files first. It belongs to a business, or, with
 * no business, to the person who uploaded it.
 */
@Entity({ tableName: 'media_asset' })
@Index({ name: 'media_asset_business_idx', properties: ['businessId'] })
@Index({ name: 'media_asset_status_created_idx', properties: ['status', 'createdAt'] })
@Check({
  name: 'media_asset_mime_check',
  expression: "mime in ('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif')",
})
@Check({ name: 'media_asset_size_check', expression: 'width > 0 and height > 0 and bytes > 0' })
@Check({ name: 'media_asset_status_check', expression: "status in ('pending', 'attached')" })
@Check({ name: 'media_asset_attached_check', expression: "(status = 'attached') = (attached_at is not null)" })
@Check({ name: 'media_asset_owner_check', expression: 'business_id is not null or uploaded_by is not null' })
export class MediaAsset {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, {
    mapToPk: true,
    joinColumn: 'business_id',
    nullable: true,
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly businessId: string | null;

  /** Who uploaded it; null for an API key, or once the person is gone (a business's photos only). */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'uploaded_by',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  readonly uploadedBy: string | null;

  /** The type of the upload as its bytes showed it; renditions are always WebP and JPEG. */
  @Property({ type: 'text' })
  readonly mime: string;

  /** As displayed (EXIF orientation applied), in pixels. */
  @Property({ type: 'integer' })
  readonly width: number;

  @Property({ type: 'integer' })
  readonly height: number;

  /** The size of the upload. */
  @Property({ type: 'integer' })
  readonly bytes: number;

  @Property({ type: 'text', default: 'pending' })
  status: MediaStatus = 'pending';

  @Property({ type: 'timestamptz', nullable: true })
  attachedAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: NewMediaAsset) {
    for (const n of [input.width, input.height, input.bytes])
      if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError('width, height and bytes are whole numbers above zero');
    if (!input.businessId && !input.uploadedBy)
      throw new RangeError('a photo belongs to a business or to the person who uploaded it');
    this.businessId = input.businessId;
    this.uploadedBy = input.uploadedBy;
    this.mime = input.mime;
    this.width = input.width;
    this.height = input.height;
    this.bytes = input.bytes;
  }

  /** In use: the cleanup leaves it alone. Attaching an attached asset changes nothing. */
  attach(now: Date): void {
    if (this.status === 'attached') return;
    this.status = 'attached';
    this.attachedAt = now;
  }

  /** No longer in use: the cleanup may delete it once it is older than the orphan TTL. */
  release(): void {
    this.status = 'pending';
    this.attachedAt = null;
  }
}

import { PrimaryKeyProp } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { WhatsappChannel } from './channel.entity';

/**
 * A product of a business with a connected number, as the WhatsApp catalog sync sees it:
 * `dirtyAt` is set by a catalog change and cleared by the push that carried it to Meta;
 * `retailerId` is the id Meta knows the item by (so a changed SKU deletes the old item).
 */
@Entity({ tableName: 'whatsapp_catalog_item' })
@Index({
  name: 'whatsapp_catalog_item_dirty_idx',
  expression:
    'create index "whatsapp_catalog_item_dirty_idx" on "whatsapp_catalog_item" ("channel_id", "dirty_at") where "dirty_at" is not null',
})
export class WhatsappCatalogItem {
  [PrimaryKeyProp]?: ['channelId', 'productId'];

  @ManyToOne(() => WhatsappChannel, {
    primary: true,
    mapToPk: true,
    joinColumn: 'channel_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly channelId!: string;

  /** The catalog's product (an id only: catalog owns the row). */
  @PrimaryKey({ type: 'uuid' })
  readonly productId!: string;

  @Property({ type: 'text', nullable: true })
  retailerId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  dirtyAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  pushedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}

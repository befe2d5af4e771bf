import { randomBytes, randomInt } from 'node:crypto';
import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Business } from '@kedai/business/entities/business.entity';

/** A Cloud API style numeric id (phone-number ids, WABA ids are 15 digits). */
export const numericId = (): string => String(randomInt(1, 10)) + Array.from({ length: 14 }, () => randomInt(0, 10)).join('');

/**
 * A business's WhatsApp channel. On Kedai's compatible surface its id is the phone-number id a
 * Cloud API bot posts to, `wabaId` the account its templates live in, and `appSecret` signs the
 * webhooks Kedai sends to `callbackUrl`. When the business connects a real number, the `meta*`
 * fields say which one and how to reach it through the Graph API.
 */
@Entity({ tableName: 'whatsapp_channel' })
@Check({ name: 'whatsapp_channel_id_check', expression: "id ~ '^[0-9]{6,20}$'" })
@Check({ name: 'whatsapp_channel_waba_id_check', expression: "waba_id ~ '^[0-9]{6,20}$'" })
@Check({ name: 'whatsapp_channel_callback_check', expression: "callback_url is null or callback_url ~ '^https?://'" })
export class WhatsappChannel {
  @PrimaryKey({ type: 'text' })
  readonly id: string = numericId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  @Unique({ name: 'whatsapp_channel_business_id_key' })
  readonly businessId: string;

  @Property({ type: 'text' })
  @Unique({ name: 'whatsapp_channel_waba_id_key' })
  readonly wabaId: string = numericId();

  /** HMAC key of X-Hub-Signature-256 on webhooks to the business; shown to its admins. */
  @Property({ type: 'text', hidden: true })
  appSecret: string = randomBytes(24).toString('hex');

  @Property({ type: 'text', nullable: true })
  callbackUrl: string | null = null;

  @Property({ type: 'text', nullable: true, hidden: true })
  verifyToken: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  callbackVerifiedAt: Date | null = null;

  /** Meta's phone-number id of the real number this channel is the backend of (the bridge). */
  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'whatsapp_channel_meta_phone_number_id_key' })
  metaPhoneNumberId: string | null = null;

  @Property({ type: 'text', nullable: true })
  metaDisplayPhoneNumber: string | null = null;

  /** The number's own Graph API token; WHATSAPP_ACCESS_TOKEN when null. */
  @Property({ type: 'text', nullable: true, hidden: true })
  metaAccessToken: string | null = null;

  /** Meta's catalog the business's products are pushed to. */
  @Property({ type: 'text', nullable: true })
  metaCatalogId: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(businessId: string) {
    this.businessId = businessId;
  }
}

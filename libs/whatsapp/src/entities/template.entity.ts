import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import type { TemplateCategory, TemplateComponent, TemplateStatus } from '../templates/template-rules';
import { WhatsappChannel } from './channel.entity';

/** A message template of a channel's account: what a business may send outside the 24-hour window. */
@Entity({ tableName: 'whatsapp_template' })
@Unique({ name: 'whatsapp_template_name_language_key', properties: ['channelId', 'name', 'language'] })
@Check({ name: 'whatsapp_template_name_check', expression: "name ~ '^[a-z0-9_]+$' and char_length(name) <= 512" })
@Check({ name: 'whatsapp_template_language_check', expression: "language ~ '^[a-z]{2,3}(_[A-Z]{2})?$'" })
@Check({ name: 'whatsapp_template_category_check', expression: "category in ('MARKETING', 'UTILITY', 'AUTHENTICATION')" })
@Check({
  name: 'whatsapp_template_status_check',
  expression: "status in ('PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED')",
})
export class WhatsappTemplate {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => WhatsappChannel, { mapToPk: true, joinColumn: 'channel_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly channelId: string;

  @Property({ type: 'text' })
  readonly name: string;

  @Property({ type: 'text' })
  readonly language: string;

  @Property({ type: 'text' })
  readonly category: TemplateCategory;

  @Property({ type: 'jsonb' })
  readonly components: TemplateComponent[];

  @Property({ type: 'text' })
  status: TemplateStatus = 'PENDING';

  @Property({ type: 'text', nullable: true })
  rejectedReason: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(input: {
    channelId: string;
    name: string;
    language: string;
    category: TemplateCategory;
    components: TemplateComponent[];
  }) {
    this.channelId = input.channelId;
    this.name = input.name;
    this.language = input.language;
    this.category = input.category;
    this.components = input.components;
  }
}

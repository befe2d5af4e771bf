import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
// Only for the foreign key: members hold a person's id, never the person (see PersonService for profiles).
import { Person } from '@kedai/identity/entities/person.entity';
import type { Role } from '../permissions';
import { Business } from './business.entity';

/** A person's role in a business. One row per (business, person); the role decides the permissions. */
@Entity({ tableName: 'business_member' })
@Unique({ name: 'business_member_business_person_key', properties: ['businessId', 'personId'] })
@Index({ name: 'business_member_person_idx', properties: ['personId'] })
@Check({ name: 'business_member_role_check', expression: "role = any (array['owner'::text, 'admin'::text, 'agent'::text])" })
export class BusinessMember {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly personId: string;

  @Property({ type: 'text' })
  role: Role;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(businessId: string, personId: string, role: Role) {
    this.businessId = businessId;
    this.personId = personId;
    this.role = role;
  }
}

import { Entity, Index, ManyToOne, PrimaryKey, Property, Trigger, Unique } from '@mikro-orm/decorators/legacy';
import { Person } from './person.entity';
import { newId } from '@kedai/core/database/ids';

/** A signed-in device: what "list and revoke sessions" shows. Its refresh tokens form one family. */
@Entity({ tableName: 'auth_session' })
// Tells every API process's session cache when a session ends (see Migration20261205140000_session_ended_notify).
@Trigger({
  name: 'auth_session_ended_notify',
  timing: 'after',
  events: ['update', 'delete'],
  forEach: 'row',
  expression:
    'create trigger "auth_session_ended_notify" after update or delete on "auth_session" for each row execute function "auth_session_ended_notify"()',
})
@Index({ name: 'auth_session_person_idx', properties: ['personId'] })
export class AuthSession {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly personId: string;

  @Property({ type: 'text', default: '' })
  readonly userAgent: string;

  @Property({ type: 'text', nullable: true })
  readonly ip?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  lastUsedAt: Date = new Date();

  /** Absolute end: rotation never extends a session past this. */
  @Property({ type: 'timestamptz' })
  readonly expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  @Property({ type: 'text', nullable: true })
  revokedReason?: string;

  constructor(personId: string, expiresAt: Date, userAgent = '', ip?: string) {
    this.personId = personId;
    this.expiresAt = expiresAt;
    this.userAgent = userAgent.slice(0, 300);
    this.ip = ip;
  }
}

/** One refresh token of a session. Stored as a SHA-256 hash; used at most once. */
@Entity({ tableName: 'refresh_token' })
@Index({ name: 'refresh_token_session_idx', properties: ['sessionId'] })
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => AuthSession, { mapToPk: true, joinColumn: 'session_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly sessionId: string;

  @Property({ type: 'text' })
  @Unique({ name: 'refresh_token_hash_key' })
  readonly tokenHash: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  /** When it was exchanged for its successor; a second use is a reuse and revokes the session. */
  @Property({ type: 'timestamptz', nullable: true })
  usedAt?: Date;

  constructor(sessionId: string, tokenHash: string) {
    this.sessionId = sessionId;
    this.tokenHash = tokenHash;
  }
}

import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  HANDLE_PATTERN,
  HANDLE_RULE,
  InvalidInputError,
  newId,
  normaliseHandle,
  NotFoundError,
  type RequestContext,
} from '@kedai/core';
import { Person } from './entities/person.entity';
import { PersonHandleTakenError } from './errors';

export interface PublicProfile {
  id: string;
  handle: string | null;
  displayName: string;
  avatarUrl: string | null;
}

export interface ProfileChanges {
  displayName?: string;
  handle?: string;
  country?: string;
  dateOfBirth?: string;
  avatarUrl?: string;
}

const publicProfile = (p: Person): PublicProfile => ({
  id: p.id,
  handle: p.handle ?? null,
  displayName: p.displayName,
  avatarUrl: p.avatarUrl ?? null,
});

/** People. Other domains see public profiles through this service; phone and birth date stay private. */
@Injectable()
export class PersonService {
  constructor(private readonly em: EntityManager) {}

  /** The signed-in person, with private fields. */
  async me(ctx: RequestContext): Promise<Person> {
    const person = await this.em.findOne(Person, { id: ctx.requirePerson() });
    if (!person) throw new NotFoundError('Your account');
    return person;
  }

  /** Public profiles by id, batched per request (a list of members costs one query). */
  async profiles(ctx: RequestContext, ids: readonly string[]): Promise<(PublicProfile | null)[]> {
    const loader = ctx.loaders.get<string, PublicProfile | null>('identity.profile', async (keys) => {
      const rows = await this.em.find(Person, { id: { $in: [...keys] } });
      const byId = new Map(rows.map((p) => [p.id, publicProfile(p)]));
      return keys.map((k) => byId.get(k) ?? null);
    });
    return loader.loadMany(ids) as Promise<(PublicProfile | null)[]>;
  }

  /** A public profile by handle (payment links and QR codes name people this way), or null. */
  async profileByHandle(_ctx: RequestContext, handle: string): Promise<PublicProfile | null> {
    const person = await this.em.findOne(Person, { handle: handle.toLowerCase() });
    return person ? publicProfile(person) : null;
  }

  /** The person who owns a phone number (E.164), if any. Used to match invitations to people. */
  async idByPhone(_ctx: RequestContext, phone: string): Promise<string | null> {
    const person = await this.em.findOne(Person, { phone }, { fields: ['id'] });
    return person?.id ?? null;
  }

  /**
   * The person with this phone (E.164), made when there is none: for bridges whose network has
   * verified the number already (a WhatsApp sender). System callers only. The display name is
   * set only on a new person: people choose their own afterwards.
   */
  async ensureByPhone(ctx: RequestContext, phone: string, displayName = ''): Promise<string> {
    if (!ctx.isSystem) throw new NotFoundError('Person');
    const [row] = await this.em.execute<{ id: string }[]>(
      `with made as (
         insert into person (id, phone, display_name) values (?, ?, ?) on conflict (phone) do nothing returning id)
       select id from made union all select id from person where phone = ? limit 1`,
      [newId(), phone, displayName.slice(0, 100), phone],
    );
    if (row) return row.id;
    // Made at this moment by another transaction: the insert waited for its commit, but this
    // statement's snapshot is older and sees neither row; a new statement sees it.
    const made = await this.em.fork().findOneOrFail(Person, { phone }, { fields: ['id'] });
    return made.id;
  }

  async phoneOf(ctx: RequestContext, personId: string): Promise<string> {
    if (!ctx.isSystem && ctx.requirePerson() !== personId) throw new NotFoundError('Person');
    const person = await this.em.findOne(Person, { id: personId }, { fields: ['phone'] });
    if (!person) throw new NotFoundError('Person');
    return person.phone;
  }

  async updateProfile(ctx: RequestContext, changes: ProfileChanges): Promise<Person> {
    const person = await this.me(ctx);
    if (changes.handle !== undefined) {
      const handle = normaliseHandle(changes.handle);
      if (!HANDLE_PATTERN.test(handle)) {
        throw new InvalidInputError([{ field: 'handle', messages: [HANDLE_RULE] }]);
      }
      person.handle = handle;
    }
    if (changes.displayName !== undefined) person.displayName = changes.displayName.trim();
    if (changes.country !== undefined) person.country = changes.country.toUpperCase();
    if (changes.dateOfBirth !== undefined) person.dateOfBirth = changes.dateOfBirth;
    if (changes.avatarUrl !== undefined) person.avatarUrl = changes.avatarUrl;
    try {
      await this.em.flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new PersonHandleTakenError(person.handle ?? '');
      throw e;
    }
    return person;
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { authConfig, DomainError, type AuthConfig, type RequestContext } from '@kedai/core';
import { Person } from './entities/person.entity';
import { normalisePhone } from './phone';

/** The caller is not one of the platform's administrators (PLATFORM_ADMIN_PHONES). */
export class PlatformAdminRequiredError extends DomainError {
  constructor() {
    super('PLATFORM_ADMIN_REQUIRED', 'Only a Kedai platform administrator can do this', 403);
  }
}

/**
 * Who administers the platform itself (not a business): the people whose phones the operator lists
 * in PLATFORM_ADMIN_PHONES. Read from the environment rather than a table so that the first
 * administrator of a fresh deployment exists without a database edit, and so that taking the role
 * away is a config change the operator controls, never something another admin can do.
 */
@Injectable()
export class PlatformAdminService {
  private readonly phones: ReadonlySet<string>;

  constructor(
    private readonly em: EntityManager,
    @Inject(authConfig.KEY) config: AuthConfig,
  ) {
    // A number no one can sign in with (not a mobile) could never be matched: it is left out.
    this.phones = new Set(config.platformAdminPhones.flatMap((p) => asE164(p)));
  }

  /** Whether this phone (E.164, as stored on the person) is an administrator's. */
  isAdminPhone(phone: string): boolean {
    return this.phones.has(phone);
  }

  /** Whether the signed-in person is an administrator; API keys and anonymous callers never are. */
  async isAdmin(ctx: RequestContext): Promise<boolean> {
    if (ctx.actor.kind !== 'person' || this.phones.size === 0) return false;
    const person = await this.em.findOne(Person, { id: ctx.actor.personId }, { fields: ['phone'], disableIdentityMap: true });
    return person !== null && this.isAdminPhone(person.phone);
  }

  /** Opens every platform-administration method: UNAUTHENTICATED when signed out, PLATFORM_ADMIN_REQUIRED otherwise. */
  async require(ctx: RequestContext): Promise<void> {
    ctx.requirePerson();
    if (!(await this.isAdmin(ctx))) throw new PlatformAdminRequiredError();
  }
}

function asE164(raw: string): string[] {
  try {
    return [normalisePhone(raw)];
  } catch {
    return [];
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, type Actor, type FieldError, type RequestContext } from '@kedai/core';
import { generateApiKey, hashSecret, parseApiKey, sameHash } from './api-key-format';
import { BusinessAccessService } from './business-access.service';
import { ApiKey } from './entities/api-key.entity';
import { isPermission, ROLE_PERMISSIONS, type Permission } from './permissions';

export type BusinessActor = Extract<Actor, { kind: 'business' }>;

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** `kd_<prefix>_<secret>`: the only time anyone sees it. */
  plaintext: string;
}

/** last_used_at is written at most this often per key; reading it to the minute is all anyone needs. */
const LAST_USED_RESOLUTION_S = 60;

interface KeyRow {
  id: string;
  business_id: string;
  secret_hash: string;
  scopes: Permission[];
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** API keys: a business's own bots and integrations acting as the business, within the key's scopes. */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
  ) {}

  /**
   * Creates a key (apikeys:manage) and returns its plaintext, once. A key gets no scope its creator
   * lacks, so an admin cannot mint a key stronger than themselves, nor a key a stronger key.
   */
  async create(ctx: RequestContext, businessId: string, name: string, scopes: readonly string[]): Promise<CreatedApiKey> {
    await this.access.require(ctx, businessId, 'apikeys:manage');
    const wanted = [...new Set(scopes)];
    const trimmed = name.trim();
    const fields: FieldError[] = [];
    if (trimmed.length < 1 || trimmed.length > 100)
      fields.push({ field: 'name', messages: ['a key name has 1 to 100 characters'] });
    const unknown = wanted.filter((s) => !isPermission(s));
    if (wanted.length === 0 || unknown.length > 0) {
      const detail = unknown.length ? `; not permissions: ${unknown.join(', ')}` : '';
      fields.push({ field: 'scopes', messages: [`scopes must be one or more business permissions${detail}`] });
    }
    if (fields.length) throw new InvalidInputError(fields);
    const held = await this.heldPermissions(ctx, businessId);
    const beyond = wanted.filter((s) => !held.includes(s as Permission));
    if (beyond.length > 0) {
      throw new InvalidInputError([
        { field: 'scopes', messages: [`you cannot grant what you do not hold: ${beyond.join(', ')}`] },
      ]);
    }
    const key = generateApiKey();
    const apiKey = new ApiKey({
      businessId,
      name: trimmed,
      prefix: key.prefix,
      secretHash: key.secretHash,
      scopes: wanted as Permission[],
      createdBy: ctx.actor.kind === 'person' ? ctx.actor.personId : null,
    });
    await this.em.persist(apiKey).flush();
    return { apiKey, plaintext: key.plaintext };
  }

  /** The business's keys, newest first, revoked ones included; secrets are never part of a key's data. */
  async list(ctx: RequestContext, businessId: string): Promise<ApiKey[]> {
    await this.access.require(ctx, businessId, 'apikeys:manage');
    return this.em.find(ApiKey, { businessId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Revokes a key at once (the next request with it is refused); revoking twice is harmless. */
  async revoke(ctx: RequestContext, apiKeyId: string): Promise<ApiKey> {
    const key = await this.em.findOne(ApiKey, { id: apiKeyId });
    if (!key) throw new NotFoundError('API key');
    await this.access.require(ctx, key.businessId, 'apikeys:manage');
    await this.em.nativeUpdate(ApiKey, { id: apiKeyId, revokedAt: null }, { revokedAt: new Date() });
    return this.em.findOneOrFail(ApiKey, { id: apiKeyId }, { refresh: true });
  }

  /**
   * Who a presented key speaks for, or null when it is malformed, unknown or revoked (the access
   * guard turns null into UNAUTHENTICATED). Called by the guard on every request with a key.
   */
  async authenticate(raw: string): Promise<BusinessActor | null> {
    const parts = parseApiKey(raw);
    if (!parts) return null;
    const em = this.em.fork();
    const [row] = await em.execute<KeyRow[]>(
      'select id, business_id, secret_hash, scopes, revoked_at, last_used_at from api_key where prefix = ?',
      [parts.prefix],
    );
    // Hash and compare even when there is no such key, so timing does not tell a known prefix apart.
    const matches = sameHash(hashSecret(parts.secret), row?.secret_hash ?? '0'.repeat(43));
    if (!row || !matches || row.revoked_at) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() >= LAST_USED_RESOLUTION_S * 1000) {
      // Conditional, so parallel requests and other API processes write it once per minute between them.
      await em.execute(
        `update api_key set last_used_at = now()
          where id = ? and (last_used_at is null or last_used_at < now() - make_interval(secs => ?))`,
        [row.id, LAST_USED_RESOLUTION_S],
      );
    }
    return { kind: 'business', businessId: row.business_id, apiKeyId: row.id, scopes: row.scopes };
  }

  private async heldPermissions(ctx: RequestContext, businessId: string): Promise<readonly Permission[]> {
    const { actor } = ctx;
    if (actor.kind === 'business') return actor.scopes.filter(isPermission);
    if (actor.kind === 'person') {
      const role = await this.access.roleOf(ctx, businessId);
      return role ? ROLE_PERMISSIONS[role] : [];
    }
    return ROLE_PERMISSIONS.owner;
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export type EffectOutcome<T> = { applied: true; result: T } | { applied: false };

/**
 * Makes a consumer idempotent. BullMQ delivers at least once, and the outbox may relay a row
 * twice after a crash; `once` records the effect's key in the same transaction as the effect,
 * so a second delivery finds the key and does nothing. Two concurrent deliveries serialise on
 * the key's unique index: the second waits for the first to commit, then skips.
 */
@Injectable()
export class Effects {
  constructor(private readonly em: EntityManager) {}

  async once<T>(key: string, effect: (em: EntityManager) => Promise<T>): Promise<EffectOutcome<T>> {
    return this.em.transactional(async (tx) => {
      const claimed = await tx.execute<{ key: string }[]>(
        'insert into processed_effect (key) values (?) on conflict do nothing returning key',
        [key],
      );
      if (claimed.length === 0) return { applied: false } as const;
      return { applied: true, result: await effect(tx) } as const;
    });
  }
}

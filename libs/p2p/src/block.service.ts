import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@kedai/core';
import { PersonService } from '@kedai/identity';
import { NotFoundError } from '@kedai/core';
import { P2pBlock } from './entities/safety.entities';
import { BlockedError, SelfTransferError } from './errors';

/** The P2P block list: a block either way stops transfers and requests between two people. */
@Injectable()
export class BlockService {
  constructor(
    private readonly em: EntityManager,
    private readonly people: PersonService,
  ) {}

  async block(ctx: RequestContext, personId: string): Promise<string[]> {
    const me = ctx.requirePerson();
    if (personId === me) throw new SelfTransferError();
    if (!(await this.people.profiles(ctx, [personId]))[0]) throw new NotFoundError('Person');
    await this.em.execute(
      `insert into p2p_block (id, blocker_id, blocked_id) values (gen_random_uuid(), ?, ?) on conflict (blocker_id, blocked_id) do nothing`,
      [me, personId],
    );
    return this.list(ctx);
  }

  async unblock(ctx: RequestContext, personId: string): Promise<string[]> {
    const me = ctx.requirePerson();
    await this.em.execute('delete from p2p_block where blocker_id = ? and blocked_id = ?', [me, personId]);
    return this.list(ctx);
  }

  /** The people the caller has blocked. */
  async list(ctx: RequestContext): Promise<string[]> {
    const me = ctx.requirePerson();
    const rows = await this.em.fork().find(P2pBlock, { blockerId: me }, { orderBy: { createdAt: 'asc' } });
    return rows.map((r) => r.blockedId);
  }

  async assertNotBlocked(a: string, b: string): Promise<void> {
    const [row] = await this.em.execute<{ n: number }[]>(
      `select 1 as n from p2p_block where (blocker_id = ? and blocked_id = ?) or (blocker_id = ? and blocked_id = ?) limit 1`,
      [a, b, b, a],
    );
    if (row) throw new BlockedError();
  }
}

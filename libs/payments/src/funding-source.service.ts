import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, type RequestContext } from '@kedai/core';
import { FundingSource } from './entities/funding-source.entity';
import { CardInvalidError, FundingSourceNotFoundError } from './errors';
import { PaymentProvider, PspCardRejected, type CardDetails } from './psp/psp.port';
import { cardProblem } from './cards';

/**
 * A person's cards and wallets. A card's number and CVC are checked here (Luhn, brand, expiry,
 * CVC shape: errors name the field, never the value), handed to the PSP adapter, and dropped:
 * only the token, brand, last 4 and expiry are stored.
 */
@Injectable()
export class FundingSourceService {
  constructor(
    private readonly em: EntityManager,
    private readonly psp: PaymentProvider,
  ) {}

  async list(ctx: RequestContext): Promise<FundingSource[]> {
    const personId = ctx.requirePerson();
    return this.em.find(FundingSource, { personId, removedAt: null }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async addCard(ctx: RequestContext, card: CardDetails, makeDefault = false): Promise<FundingSource> {
    const personId = ctx.requirePerson();
    const problem = cardProblem(card);
    if (problem) throw new CardInvalidError(problem);
    let token;
    try {
      token = await this.psp.tokenizeCard(card);
    } catch (err) {
      if (err instanceof PspCardRejected) throw new CardInvalidError(err.field);
      throw err;
    }
    return this.save(
      personId,
      new FundingSource({
        personId,
        kind: 'card',
        pspToken: token.token,
        brand: token.brand,
        last4: token.last4,
        expMonth: token.expMonth,
        expYear: token.expYear,
      }),
      makeDefault,
    );
  }

  async linkWallet(ctx: RequestContext, email: string, makeDefault = false): Promise<FundingSource> {
    const personId = ctx.requirePerson();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw new InvalidInputError([{ field: 'email', messages: ['Enter the wallet account e-mail'] }]);
    const linked = await this.psp.linkWallet(email);
    return this.save(
      personId,
      new FundingSource({ personId, kind: 'external_wallet', pspToken: linked.token, label: linked.label }),
      makeDefault,
    );
  }

  /** The person's Kedai wallet in a currency, created on first use. */
  async kedaiWallet(ctx: RequestContext, currency: string): Promise<FundingSource> {
    const personId = ctx.requirePerson();
    await this.em.execute(
      `insert into funding_source (id, person_id, kind, currency, label) values (gen_random_uuid(), ?, 'kedai_wallet', ?, 'Kedai wallet')
       on conflict (person_id, currency) where kind = 'kedai_wallet' and removed_at is null do nothing`,
      [personId, currency],
    );
    return this.em.findOneOrFail(FundingSource, { personId, kind: 'kedai_wallet', currency, removedAt: null });
  }

  async setDefault(ctx: RequestContext, id: string): Promise<FundingSource> {
    const personId = ctx.requirePerson();
    return this.em.transactional(async (tx) => {
      const source = await this.own(tx, personId, id);
      await tx.execute('update funding_source set is_default = false where person_id = ? and is_default', [personId]);
      await tx.execute('update funding_source set is_default = true where id = ?', [id]);
      source.isDefault = true;
      return source;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<FundingSource> {
    const personId = ctx.requirePerson();
    const source = await this.own(this.em, personId, id);
    source.removedAt = new Date();
    source.isDefault = false;
    await this.em.flush();
    return source;
  }

  /** A live source of the person's own, for paying; NOT_FOUND for anyone else's. */
  async own(em: EntityManager, personId: string, id: string): Promise<FundingSource> {
    const source = await em.findOne(FundingSource, { id, personId, removedAt: null });
    if (!source) throw new FundingSourceNotFoundError();
    return source;
  }

  async defaultOf(em: EntityManager, personId: string): Promise<FundingSource | null> {
    return em.findOne(FundingSource, { personId, isDefault: true, removedAt: null });
  }

  private async save(personId: string, source: FundingSource, makeDefault: boolean): Promise<FundingSource> {
    return this.em.transactional(async (tx) => {
      const [{ n }] = await tx.execute<{ n: string | number }[]>(
        'select count(*) as n from funding_source where person_id = ? and is_default and removed_at is null',
        [personId],
      );
      // The first source becomes the default by itself.
      if (makeDefault || Number(n) === 0) {
        await tx.execute('update funding_source set is_default = false where person_id = ? and is_default', [personId]);
        source.isDefault = true;
      }
      tx.persist(source);
      return source;
    });
  }
}

import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM, RequestContext as OrmContext } from '@mikro-orm/postgresql';
import { RequestContext } from '@kedai/core';
import { BusinessService, type NewBusiness } from '@kedai/business';

/** Test data made through the domain services, the way the product makes it. */
export class Factory {
  constructor(private readonly app: INestApplicationContext) {}

  private inUnitOfWork<T>(fn: () => Promise<T>): Promise<T> {
    return OrmContext.create(this.app.get(MikroORM).em, fn);
  }

  async business(overrides: Partial<NewBusiness> = {}) {
    const handle = overrides.handle ?? `shop_${randomBytes(4).toString('hex')}`;
    return this.inUnitOfWork(() =>
      this.app.get(BusinessService).create(RequestContext.system('test-factory'), {
        name: `Shop ${handle}`,
        currency: 'MYR',
        country: 'MY',
        ...overrides,
        handle,
      }),
    );
  }
}

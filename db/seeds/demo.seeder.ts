import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { Business } from '@kedai/business/entities/business.entity';

export const DEMO_BUSINESS = {
  handle: 'kedai.demo',
  name: 'Kedai Demo Coffee',
  description: 'A neighbourhood coffee roaster: beans, brewing gear and pastries, ordered in chat.',
  category: 'Food & drink',
  currency: 'MYR',
  country: 'MY',
};

/**
 * The demo business a new developer sees after `npm start`. Idempotent, so `npm start` seeds on
 * every start; rows go through the entity's constructor, which enforces the same rules as the app.
 */
export class DemoSeeder extends Seeder {
  async run(em: EntityManager): Promise<void> {
    if (await em.findOne(Business, { handle: DEMO_BUSINESS.handle })) return;
    await em.persist(new Business(DEMO_BUSINESS)).flush();
  }
}

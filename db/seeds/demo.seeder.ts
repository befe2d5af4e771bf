import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { Business } from '@kedai/business/entities/business.entity';
import { BusinessMember } from '@kedai/business/entities/business-member.entity';
import { Person } from '@kedai/identity/entities/person.entity';
import { PayoutAccount } from '@kedai/payments/entities/payout-account.entity';
import { seedDemoCatalog } from './demo-catalog';

export const DEMO_BUSINESS = {
  handle: 'kedai.demo',
  name: 'Kedai Demo Coffee',
  description: 'A neighbourhood coffee roaster: beans, brewing gear and pastries, ordered in chat.',
  category: 'Food & drink',
  currency: 'MYR',
  country: 'MY',
};
/** The demo business's owner: sign in with this number to manage it. */
export const DEMO_MERCHANT = { phone: '+60123000001', displayName: 'Aminah (Kedai Demo Coffee)', handle: 'aminah' };
/** A shopper with no business, old enough to pay (payments ask for a date of birth showing 18 or over). */
export const DEMO_SHOPPER = { phone: '+60123000002', displayName: 'Ben', handle: 'ben', dateOfBirth: '1990-05-17' };
/**
 * Where the demo business is paid out, so its orders can be paid (payments refuse a business
 * without one: NO_PAYOUT_ACCOUNT). The in-repo PSP simulator keeps no state for payout
 * accounts, so a fixed reference stands for the one `setPayoutAccount` would get from it.
 */
export const DEMO_PAYOUT = {
  holderName: 'Kedai Demo Coffee Sdn Bhd',
  bankName: 'Maybank',
  accountLast4: '4321',
  pspAccountRef: 'ba_demo',
};

/**
 * What a new developer finds after `npm start`: a merchant who owns the demo business (with a
 * catalog, collections, shipping options, a WELCOME10 code and a payout account) and a shopper
 * who can pay, both able to sign in with a code from the development sender. Idempotent, so
 * `npm start` seeds on every start; rows go through the entities' constructors, which enforce
 * the same rules as the app.
 */
export class DemoSeeder extends Seeder {
  async run(em: EntityManager): Promise<void> {
    const merchant = await this.person(em, DEMO_MERCHANT);
    const shopper = await this.person(em, DEMO_SHOPPER);
    if (!shopper.dateOfBirth) {
      // Set only when missing: a developer who changed it in the app keeps their change.
      shopper.dateOfBirth = DEMO_SHOPPER.dateOfBirth;
      await em.flush();
    }
    let business = await em.findOne(Business, { handle: DEMO_BUSINESS.handle });
    if (!business) {
      business = new Business(DEMO_BUSINESS);
      await em.persist(business).flush();
    }
    if (!(await em.findOne(BusinessMember, { businessId: business.id, personId: merchant.id }))) {
      await em.persist(new BusinessMember(business.id, merchant.id, 'owner')).flush();
    }
    if (!(await em.findOne(PayoutAccount, { businessId: business.id }))) {
      await em.persist(new PayoutAccount({ businessId: business.id, ...DEMO_PAYOUT })).flush();
    }
    await seedDemoCatalog(em, business.id);
  }

  private async person(em: EntityManager, who: { phone: string; displayName: string; handle: string }): Promise<Person> {
    const found = await em.findOne(Person, { phone: who.phone });
    if (found) return found;
    const person = new Person(who.phone, 'MY');
    person.displayName = who.displayName;
    person.handle = who.handle;
    await em.persist(person).flush();
    return person;
  }
}

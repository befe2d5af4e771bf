import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@kedai/core';
import { PersonService } from '@kedai/identity';
import { NotEligibleError, type IneligibleReason } from './errors';
import { paymentsConfig, type PaymentsConfig } from './payments.config';
import { ageOn, MIN_AGE } from './age';

export { ageOn, MIN_AGE } from './age';

/** Who may pay and who may be paid; refusals are NOT_ELIGIBLE with a reason a client can show. */
@Injectable()
export class EligibilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly people: PersonService,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  /** Null when the signed-in person may pay; otherwise why not. */
  async payerProblem(ctx: RequestContext, now = new Date()): Promise<IneligibleReason | null> {
    return this.problemOf(await this.people.me(ctx), now);
  }

  /** `payerProblem` for a person already read (by a caller that reads it with other things in one statement). */
  problemOf(
    person: { phoneVerifiedAt?: Date | null; dateOfBirth?: string | null; country?: string | null },
    now = new Date(),
  ): IneligibleReason | null {
    if (!person.phoneVerifiedAt) return 'PHONE_NOT_VERIFIED';
    if (!person.dateOfBirth) return 'DATE_OF_BIRTH_MISSING';
    if (ageOn(person.dateOfBirth, now) < MIN_AGE) return 'UNDER_18';
    if (!person.country || !this.config.countries.includes(person.country)) return 'COUNTRY_NOT_SUPPORTED';
    return null;
  }

  async assertPayer(ctx: RequestContext): Promise<void> {
    const problem = await this.payerProblem(ctx);
    if (problem) throw new NotEligibleError(problem);
  }

  /**
   * The payee business's fee rate, or NOT_ELIGIBLE when it has no payout account (a transfer to a
   * person has no fee; the P2P module checks that payee itself); and, in the same read, whether
   * the purpose is paid already (an intent of it in flight or succeeded), for the caller to refuse.
   */
  async assertPayee(
    businessId: string | null,
    purpose: { kind: string; referenceId: string },
  ): Promise<{ feeBps: number; paid: boolean }> {
    const [row] = await this.em.execute<{ payee: boolean; fee_bps: number | null; paid: boolean }[]>(
      `select exists (select 1 from payout_account where business_id = ?) as payee,
              (select platform_fee_bps from payout_account where business_id = ?) as fee_bps,
              exists (select 1 from payment_intent where purpose_kind = ? and reference_id = ?
                        and state in ('processing', 'requires_capture', 'succeeded')) as paid`,
      [businessId, businessId, purpose.kind, purpose.referenceId],
    );
    return { feeBps: this.feeOf(businessId, row), paid: row.paid };
  }

  /** The payee's fee rate from what `assertPayee`'s read (or a caller's own read of the same) found; NOT_ELIGIBLE without a payout account. */
  feeOf(businessId: string | null, row: { payee: boolean; fee_bps: number | null }): number {
    if (!businessId) return 0;
    if (!row.payee) throw new NotEligibleError('NO_PAYOUT_ACCOUNT');
    return row.fee_bps ?? this.config.platformFeeBps;
  }
}

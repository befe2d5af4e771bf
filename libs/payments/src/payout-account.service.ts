import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidInputError, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { PayoutAccount } from './entities/payout-account.entity';
import { PaymentProvider } from './psp/psp.port';
import { paymentsConfig, type PaymentsConfig } from './payments.config';

export interface PayoutAccountInput {
  holderName: string;
  bankName: string;
  /** Goes to the PSP; only the last 4 digits are kept. */
  accountNumber: string;
}

/** Where a business is paid out; a business needs one to take payments. */
@Injectable()
export class PayoutAccountService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly psp: PaymentProvider,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  async get(ctx: RequestContext, businessId: string): Promise<(PayoutAccount & { effectiveFeeBps: number }) | null> {
    await this.access.require(ctx, businessId, 'business:edit');
    const account = await this.em.findOne(PayoutAccount, { businessId });
    return account ? Object.assign(account, { effectiveFeeBps: account.platformFeeBps ?? this.config.platformFeeBps }) : null;
  }

  async set(
    ctx: RequestContext,
    businessId: string,
    input: PayoutAccountInput,
  ): Promise<PayoutAccount & { effectiveFeeBps: number }> {
    await this.access.require(ctx, businessId, 'business:edit');
    const digits = input.accountNumber.replace(/[\s-]/g, '');
    if (!/^\d{6,20}$/.test(digits))
      throw new InvalidInputError([{ field: 'accountNumber', messages: ['An account number is 6 to 20 digits'] }]);
    const { ref } = await this.psp.createPayoutAccount({ holderName: input.holderName, accountNumber: digits });
    let account = await this.em.findOne(PayoutAccount, { businessId });
    if (account) {
      Object.assign(account, {
        holderName: input.holderName.trim(),
        bankName: input.bankName.trim(),
        accountLast4: digits.slice(-4),
      });
      account.pspAccountRef = ref;
      account.updatedAt = new Date();
    } else {
      account = new PayoutAccount({
        businessId,
        holderName: input.holderName.trim(),
        bankName: input.bankName.trim(),
        accountLast4: digits.slice(-4),
        pspAccountRef: ref,
      });
      this.em.persist(account);
    }
    await this.em.flush();
    return Object.assign(account, { effectiveFeeBps: account.platformFeeBps ?? this.config.platformFeeBps });
  }

  /** The platform's fee for one business (basis points; null: the default). Platform operators only: system code. */
  async setPlatformFee(ctx: RequestContext, businessId: string, feeBps: number | null): Promise<void> {
    if (!ctx.isSystem) throw new ForbiddenError();
    if (feeBps !== null && (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 5000))
      throw new RangeError('fee is 0 to 5000 bps');
    await this.em.execute('update payout_account set platform_fee_bps = ?, updated_at = now() where business_id = ?', [
      feeBps,
      businessId,
    ]);
  }
}

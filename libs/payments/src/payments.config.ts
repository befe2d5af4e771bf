import { registerAs } from '@nestjs/config';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { readEnv, toBool } from '@kedai/core';

const DEV_WEBHOOK_SECRET = 'dev-only-psp-webhook-secret-0123456789abcdef';

class PaymentsEnv {
  /** ISO 3166-1 alpha-2 codes, comma separated: where people may pay. */
  @Matches(/^[A-Z]{2}(,[A-Z]{2})*$/, { message: 'PAYMENTS_COUNTRIES must be ISO country codes separated by commas, e.g. MY,SG' })
  PAYMENTS_COUNTRIES: string = 'MY,SG,ID,TH,PH,VN';

  @Type(() => Number)
  @IsInt({ message: 'PAYMENTS_PLATFORM_FEE_BPS must be a whole number of basis points between 0 and 5000' })
  @Min(0, { message: 'PAYMENTS_PLATFORM_FEE_BPS must be a whole number of basis points between 0 and 5000' })
  @Max(5000, { message: 'PAYMENTS_PLATFORM_FEE_BPS must be a whole number of basis points between 0 and 5000' })
  PAYMENTS_PLATFORM_FEE_BPS: number = 250;

  /** How long a PSP call may take before the intent is left in processing for the reconciliation job. */
  @Type(() => Number)
  @IsInt({ message: 'PSP_TIMEOUT_MS must be a whole number of milliseconds, 100 or more' })
  @Min(100, { message: 'PSP_TIMEOUT_MS must be a whole number of milliseconds, 100 or more' })
  PSP_TIMEOUT_MS: number = 10_000;

  @IsString()
  @MinLength(32, { message: 'PSP_WEBHOOK_SECRET must be at least 32 characters' })
  PSP_WEBHOOK_SECRET: string = DEV_WEBHOOK_SECRET;

  @Type(() => Number)
  @IsInt({ message: 'PSP_WEBHOOK_TOLERANCE_S must be a whole number of seconds between 1 and 3600' })
  @Min(1, { message: 'PSP_WEBHOOK_TOLERANCE_S must be a whole number of seconds between 1 and 3600' })
  @Max(3600, { message: 'PSP_WEBHOOK_TOLERANCE_S must be a whole number of seconds between 1 and 3600' })
  PSP_WEBHOOK_TOLERANCE_S: number = 300;

  /** Simulated PSP latency per call. */
  @Type(() => Number)
  @IsInt({ message: 'PSP_SIM_LATENCY_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'PSP_SIM_LATENCY_MS must be a whole number of milliseconds' })
  PSP_SIM_LATENCY_MS: number = 0;

  /** Where the simulator posts its webhooks; empty: this API's own route on PORT. */
  @IsString()
  PSP_SIM_WEBHOOK_URL: string = '';

  @Transform(toBool)
  @IsBoolean({ message: 'PSP_SIM_WEBHOOKS must be true or false' })
  PSP_SIM_WEBHOOKS: boolean = true;

  /** Intents in processing longer than this are settled by asking the PSP. */
  @Type(() => Number)
  @IsInt({ message: 'PAYMENTS_RECONCILE_AFTER_S must be a whole number of seconds, 1 or more' })
  @Min(1, { message: 'PAYMENTS_RECONCILE_AFTER_S must be a whole number of seconds, 1 or more' })
  PAYMENTS_RECONCILE_AFTER_S: number = 60;

  @Type(() => Number)
  @IsInt({ message: 'PAYMENTS_RECONCILE_EVERY_MS must be a whole number of milliseconds, 1000 or more' })
  @Min(1000, { message: 'PAYMENTS_RECONCILE_EVERY_MS must be a whole number of milliseconds, 1000 or more' })
  PAYMENTS_RECONCILE_EVERY_MS: number = 60_000;
}

export const paymentsConfig = registerAs('payments', () => {
  const env = readEnv(PaymentsEnv);
  return {
    countries: env.PAYMENTS_COUNTRIES.split(','),
    platformFeeBps: env.PAYMENTS_PLATFORM_FEE_BPS,
    pspTimeoutMs: env.PSP_TIMEOUT_MS,
    webhookSecret: env.PSP_WEBHOOK_SECRET,
    webhookToleranceS: env.PSP_WEBHOOK_TOLERANCE_S,
    simulator: {
      latencyMs: env.PSP_SIM_LATENCY_MS,
      webhookUrl: env.PSP_SIM_WEBHOOK_URL || `http://127.0.0.1:${process.env.PORT ?? 3000}/payments/webhooks/psp`,
      webhooks: env.PSP_SIM_WEBHOOKS,
    },
    reconcileAfterS: env.PAYMENTS_RECONCILE_AFTER_S,
    reconcileEveryMs: env.PAYMENTS_RECONCILE_EVERY_MS,
  };
});
export type PaymentsConfig = ReturnType<typeof paymentsConfig>;

import { registerAs } from '@nestjs/config';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { readEnv, toBool } from '@kedai/core';

const DEV_SECRET = 'development-whatsapp-app-secret-change-me';

class WhatsappEnv {
  /**
   * Meta's side (the bridge): the app secret that signs Meta's webhooks to POST /whatsapp/webhook.
   * Unset in production, the bridge is off (every delivery is refused).
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'WHATSAPP_APP_SECRET must have at least 16 characters' })
  WHATSAPP_APP_SECRET?: string;

  /** What Meta's GET handshake must present as hub.verify_token. */
  @IsString()
  @MinLength(8, { message: 'WHATSAPP_VERIFY_TOKEN must have at least 8 characters' })
  WHATSAPP_VERIFY_TOKEN: string = 'development-verify-token';

  /** The Graph API: Meta's, or in tests a local fake. */
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'WHATSAPP_GRAPH_URL must be an http(s) URL' },
  )
  WHATSAPP_GRAPH_URL: string = 'https://graph.facebook.com';

  @Matches(/^v\d+\.\d+$/, { message: 'WHATSAPP_GRAPH_VERSION must look like v23.0' })
  WHATSAPP_GRAPH_VERSION: string = 'v23.0';

  /** A system user's token for the Graph API, used for numbers that have no token of their own. */
  @IsOptional()
  @IsString()
  WHATSAPP_ACCESS_TOKEN?: string;

  /** Messages per second one connected number may send (Meta's default is 80). */
  @Type(() => Number)
  @IsInt({ message: 'WHATSAPP_THROUGHPUT_PER_S must be a whole number, 1 to 1000' })
  @Min(1, { message: 'WHATSAPP_THROUGHPUT_PER_S must be a whole number, 1 to 1000' })
  @Max(1000, { message: 'WHATSAPP_THROUGHPUT_PER_S must be a whole number, 1 to 1000' })
  WHATSAPP_THROUGHPUT_PER_S: number = 80;

  /** Messages a business may send one shopper within 6 seconds before 131056 (the pair rate limit). */
  @Type(() => Number)
  @IsInt({ message: 'WHATSAPP_PAIR_LIMIT must be a whole number, 1 to 1000' })
  @Min(1, { message: 'WHATSAPP_PAIR_LIMIT must be a whole number, 1 to 1000' })
  @Max(1000, { message: 'WHATSAPP_PAIR_LIMIT must be a whole number, 1 to 1000' })
  WHATSAPP_PAIR_LIMIT: number = 45;

  /** `auto`: templates are approved when registered (development); `review`: the worker's checks decide. */
  @IsOptional()
  @IsIn(['auto', 'review'], { message: 'WHATSAPP_TEMPLATE_APPROVAL must be auto or review' })
  WHATSAPP_TEMPLATE_APPROVAL?: string;

  /** The largest webhook body the bridge reads. */
  @Type(() => Number)
  @IsInt({ message: 'WHATSAPP_WEBHOOK_MAX_BYTES must be a whole number of bytes, 1024 to 10485760' })
  @Min(1024, { message: 'WHATSAPP_WEBHOOK_MAX_BYTES must be a whole number of bytes, 1024 to 10485760' })
  @Max(10_485_760, { message: 'WHATSAPP_WEBHOOK_MAX_BYTES must be a whole number of bytes, 1024 to 10485760' })
  WHATSAPP_WEBHOOK_MAX_BYTES: number = 262_144;

  /** Whether webhooks to businesses may go to plain http:// callbacks (development and tests). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'WHATSAPP_ALLOW_HTTP_CALLBACKS must be true or false' })
  WHATSAPP_ALLOW_HTTP_CALLBACKS?: boolean;

  /** The first retry of a failed webhook to a business waits this long; each next one twice as long (at most an hour), for 24 hours. */
  @Type(() => Number)
  @IsInt({ message: 'WHATSAPP_WEBHOOK_RETRY_MS must be a whole number of milliseconds, 10 to 3600000' })
  @Min(10, { message: 'WHATSAPP_WEBHOOK_RETRY_MS must be a whole number of milliseconds, 10 to 3600000' })
  @Max(3_600_000, { message: 'WHATSAPP_WEBHOOK_RETRY_MS must be a whole number of milliseconds, 10 to 3600000' })
  WHATSAPP_WEBHOOK_RETRY_MS: number = 10_000;

  /** A catalog change waits this long before its push to Meta, so a burst of changes goes in one batch. */
  @Type(() => Number)
  @IsInt({ message: 'WHATSAPP_CATALOG_SYNC_DELAY_MS must be a whole number of milliseconds, 0 to 600000' })
  @Min(0, { message: 'WHATSAPP_CATALOG_SYNC_DELAY_MS must be a whole number of milliseconds, 0 to 600000' })
  @Max(600_000, { message: 'WHATSAPP_CATALOG_SYNC_DELAY_MS must be a whole number of milliseconds, 0 to 600000' })
  WHATSAPP_CATALOG_SYNC_DELAY_MS: number = 2_000;

  /** The authentication template the WhatsApp code sender uses (CODE_SENDER=whatsapp). */
  @IsString()
  WHATSAPP_AUTH_TEMPLATE: string = 'kedai_sign_in_code';

  @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: 'WHATSAPP_AUTH_TEMPLATE_LANGUAGE must be a code such as en_US' })
  WHATSAPP_AUTH_TEMPLATE_LANGUAGE: string = 'en_US';

  /** The connected number (Meta's phone-number id) sign-in codes are sent from. */
  @IsOptional()
  @IsString()
  WHATSAPP_AUTH_PHONE_NUMBER_ID?: string;
}

export const whatsappConfig = registerAs('whatsapp', () => {
  const env = readEnv(WhatsappEnv);
  const production = process.env.NODE_ENV === 'production';
  return {
    /** Null: the bridge is off. */
    appSecret: env.WHATSAPP_APP_SECRET ?? (production ? null : DEV_SECRET),
    verifyToken: env.WHATSAPP_VERIFY_TOKEN,
    graphUrl: env.WHATSAPP_GRAPH_URL.replace(/\/+$/, ''),
    graphVersion: env.WHATSAPP_GRAPH_VERSION,
    accessToken: env.WHATSAPP_ACCESS_TOKEN ?? null,
    throughputPerS: env.WHATSAPP_THROUGHPUT_PER_S,
    pairLimit: env.WHATSAPP_PAIR_LIMIT,
    templateApproval: (env.WHATSAPP_TEMPLATE_APPROVAL ?? (production ? 'review' : 'auto')) as 'auto' | 'review',
    webhookMaxBytes: env.WHATSAPP_WEBHOOK_MAX_BYTES,
    allowHttpCallbacks: env.WHATSAPP_ALLOW_HTTP_CALLBACKS ?? !production,
    webhookRetryMs: env.WHATSAPP_WEBHOOK_RETRY_MS,
    catalogSyncDelayMs: env.WHATSAPP_CATALOG_SYNC_DELAY_MS,
    authTemplate: env.WHATSAPP_AUTH_TEMPLATE,
    authTemplateLanguage: env.WHATSAPP_AUTH_TEMPLATE_LANGUAGE,
    authPhoneNumberId: env.WHATSAPP_AUTH_PHONE_NUMBER_ID ?? null,
  };
});
export type WhatsappConfig = ReturnType<typeof whatsappConfig>;

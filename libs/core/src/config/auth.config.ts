import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ConfigError, readEnv } from './env';

// Development defaults so `npm start` works on a fresh clone. Production refuses them.
const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';
const DEV_OTP_SECRET = 'dev-only-otp-secret-change-me-0123456789abcdef';

class AuthEnv {
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string = DEV_JWT_SECRET;

  @IsString()
  @MinLength(32, { message: 'OTP_SECRET must be at least 32 characters' })
  OTP_SECRET: string = DEV_OTP_SECRET;

  @Type(() => Number)
  @IsInt({ message: 'ACCESS_TOKEN_TTL_S must be a whole number of seconds between 60 and 3600' })
  @Min(60, { message: 'ACCESS_TOKEN_TTL_S must be a whole number of seconds between 60 and 3600' })
  @Max(3600, { message: 'ACCESS_TOKEN_TTL_S must be a whole number of seconds between 60 and 3600' })
  ACCESS_TOKEN_TTL_S: number = 900;

  @Type(() => Number)
  @IsInt({ message: 'SESSION_TTL_DAYS must be a whole number of days between 1 and 365' })
  @Min(1, { message: 'SESSION_TTL_DAYS must be a whole number of days between 1 and 365' })
  @Max(365, { message: 'SESSION_TTL_DAYS must be a whole number of days between 1 and 365' })
  SESSION_TTL_DAYS: number = 30;

  // dev: written to DEV_CODES_FILE; whatsapp: an authentication template through the Graph API (libs/whatsapp).
  @IsIn(['dev', 'whatsapp'], { message: 'CODE_SENDER must be dev or whatsapp' })
  CODE_SENDER: string = 'dev';

  /** Where the development code sender "delivers" sign-in codes (one JSON line each). */
  @IsString()
  DEV_CODES_FILE: string = 'var/dev-codes.jsonl';

  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_PER_IP must be a positive integer (GraphQL fields per minute)' })
  @Min(1, { message: 'RATE_LIMIT_PER_IP must be a positive integer (GraphQL fields per minute)' })
  RATE_LIMIT_PER_IP: number = 600;

  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_PER_ACCOUNT must be a positive integer (GraphQL fields per minute)' })
  @Min(1, { message: 'RATE_LIMIT_PER_ACCOUNT must be a positive integer (GraphQL fields per minute)' })
  RATE_LIMIT_PER_ACCOUNT: number = 300;

  // The platform's administrators (they manage Kedai Support's staff), by phone: configured by the
  // operator who deploys Kedai, so the first administrator exists without a database edit.
  @Matches(/^(\+[1-9]\d{6,14}(\s*,\s*\+[1-9]\d{6,14})*)?$/, {
    message:
      'PLATFORM_ADMIN_PHONES must be phone numbers in the international format, comma-separated, e.g. +60123000001,+60123000009',
  })
  PLATFORM_ADMIN_PHONES: string = '';
}

export const authConfig = registerAs('auth', () => {
  const env = readEnv(AuthEnv);
  if (process.env.NODE_ENV === 'production') {
    const problems: string[] = [];
    if (env.JWT_SECRET === DEV_JWT_SECRET)
      problems.push('Configuration error: JWT_SECRET must be set in production (it is not set)');
    if (env.OTP_SECRET === DEV_OTP_SECRET)
      problems.push('Configuration error: OTP_SECRET must be set in production (it is not set)');
    if (problems.length) throw new ConfigError(problems);
  }
  return {
    jwtSecret: env.JWT_SECRET,
    otpSecret: env.OTP_SECRET,
    accessTokenTtlS: env.ACCESS_TOKEN_TTL_S,
    sessionTtlDays: env.SESSION_TTL_DAYS,
    codeSender: env.CODE_SENDER as 'dev' | 'whatsapp',
    devCodesFile: env.DEV_CODES_FILE,
    rateLimitPerIp: env.RATE_LIMIT_PER_IP,
    rateLimitPerAccount: env.RATE_LIMIT_PER_ACCOUNT,
    platformAdminPhones: env.PLATFORM_ADMIN_PHONES.split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
});
export type AuthConfig = ReturnType<typeof authConfig>;

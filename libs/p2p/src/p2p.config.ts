import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { appConfig, readEnv } from '@kedai/core';

const MINOR = 'must be a whole number of minor units, 1 or more';

class P2pEnv {
  /** The most one transfer (or request) may be, in minor units of its currency. */
  @Type(() => Number)
  @IsInt({ message: `P2P_MAX_TRANSFER_MINOR ${MINOR}` })
  @Min(1, { message: `P2P_MAX_TRANSFER_MINOR ${MINOR}` })
  P2P_MAX_TRANSFER_MINOR: number = 500_000;

  /** The most one person may send in a day (UTC), in minor units, pending and completed transfers together. */
  @Type(() => Number)
  @IsInt({ message: `P2P_DAILY_LIMIT_MINOR ${MINOR}` })
  @Min(1, { message: `P2P_DAILY_LIMIT_MINOR ${MINOR}` })
  P2P_DAILY_LIMIT_MINOR: number = 2_000_000;

  /** How long a money request stays open when its requester gives no expiry. */
  @Type(() => Number)
  @IsInt({ message: 'P2P_REQUEST_TTL_S must be a whole number of seconds, 60 to 2592000' })
  @Min(60, { message: 'P2P_REQUEST_TTL_S must be a whole number of seconds, 60 to 2592000' })
  @Max(2_592_000, { message: 'P2P_REQUEST_TTL_S must be a whole number of seconds, 60 to 2592000' })
  P2P_REQUEST_TTL_S: number = 604_800;

  /** Where payment links point (`<base>/pay/<handle>`) when not at the app's own PUBLIC_URL. */
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'P2P_LINK_BASE_URL must be an http(s) URL, e.g. https://kedai.example' })
  P2P_LINK_BASE_URL?: string;
}

export const p2pConfig = registerAs('p2p', () => {
  const env = readEnv(P2pEnv);
  return {
    maxTransferMinor: BigInt(env.P2P_MAX_TRANSFER_MINOR),
    dailyLimitMinor: BigInt(env.P2P_DAILY_LIMIT_MINOR),
    requestTtlS: env.P2P_REQUEST_TTL_S,
    // Not a fixed localhost:3000: links and QR codes must reach this deployment, on its port.
    linkBaseUrl: env.P2P_LINK_BASE_URL?.replace(/\/+$/, '') ?? appConfig().publicUrl,
  };
});
export type P2pConfig = ReturnType<typeof p2pConfig>;

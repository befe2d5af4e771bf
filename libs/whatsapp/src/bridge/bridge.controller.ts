import { Controller, ForbiddenException, Get, Inject, Query } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Public, THROTTLER_NAMES } from '@kedai/core';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';

/** Meta's verification of the bridge's callback: echo hub.challenge when hub.verify_token is ours. */
@Public()
@SkipThrottle({ [THROTTLER_NAMES.ip]: true, [THROTTLER_NAMES.account]: true })
@Controller('whatsapp')
export class BridgeController {
  constructor(@Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig) {}

  @Get('webhook')
  verify(
    @Query('hub.mode') mode?: string,
    @Query('hub.verify_token') token?: string,
    @Query('hub.challenge') challenge?: string,
  ): string {
    if (mode !== 'subscribe' || !token || token !== this.config.verifyToken || !challenge || !this.config.appSecret)
      throw new ForbiddenException('verification failed');
    return challenge;
  }
}

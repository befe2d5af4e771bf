import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { readEnv } from '@kedai/core';

class ChatEnv {
  /** How long after sending a message its sender may delete it for everyone (WhatsApp: about two days). */
  @Type(() => Number)
  @IsInt({ message: 'CHAT_DELETE_WINDOW_S must be a whole number of seconds, 60 to 604800' })
  @Min(60, { message: 'CHAT_DELETE_WINDOW_S must be a whole number of seconds, 60 to 604800' })
  @Max(604_800, { message: 'CHAT_DELETE_WINDOW_S must be a whole number of seconds, 60 to 604800' })
  CHAT_DELETE_WINDOW_S: number = 172_800;

  /**
   * A message posted inside another service's transaction is announced by that service right after
   * its commit; the outbox announces it too, but only this long after the commit and only if the
   * writer did not confirm its own announcement first (it died in between, or Redis was away).
   */
  @Type(() => Number)
  @IsInt({ message: 'CHAT_ANNOUNCE_FALLBACK_MS must be a whole number of milliseconds, 10 to 600000' })
  @Min(10, { message: 'CHAT_ANNOUNCE_FALLBACK_MS must be a whole number of milliseconds, 10 to 600000' })
  @Max(600_000, { message: 'CHAT_ANNOUNCE_FALLBACK_MS must be a whole number of milliseconds, 10 to 600000' })
  CHAT_ANNOUNCE_FALLBACK_MS: number = 5_000;
}

export const chatConfig = registerAs('chat', () => {
  const env = readEnv(ChatEnv);
  return { deleteWindowS: env.CHAT_DELETE_WINDOW_S, announceFallbackMs: env.CHAT_ANNOUNCE_FALLBACK_MS };
});
export type ChatConfig = ReturnType<typeof chatConfig>;

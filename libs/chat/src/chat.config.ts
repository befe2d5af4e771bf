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
}

export const chatConfig = registerAs('chat', () => ({ deleteWindowS: readEnv(ChatEnv).CHAT_DELETE_WINDOW_S }));
export type ChatConfig = ReturnType<typeof chatConfig>;

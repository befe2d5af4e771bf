import { registerAs } from '@nestjs/config';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsBoolean, IsString } from 'class-validator';
import { readEnv } from './env';

// namespaces.ts's toBool, kept local: namespaces.ts imports this file, so importing back would be a cycle.
const flag = ({ key, obj }: TransformFnParams): unknown => {
  const raw = String((obj as Record<string, unknown>)[key])
    .trim()
    .toLowerCase();
  return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
};

class WebEnv {
  /** The built web app (apps/web's `vite build` output), served by the API at `/`. */
  @IsString()
  WEB_DIR: string = 'apps/web/dist';

  @Transform(flag)
  @IsBoolean({ message: 'WEB_APP must be true or false' })
  WEB_APP: boolean = true;
}

export const webConfig = registerAs('web', () => {
  const env = readEnv(WebEnv);
  return { dir: env.WEB_DIR, enabled: env.WEB_APP };
});

export type WebConfig = ReturnType<typeof webConfig>;

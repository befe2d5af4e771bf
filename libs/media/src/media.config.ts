import { registerAs } from '@nestjs/config';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ConfigError, readEnv, toBool } from '@kedai/core';

const MIB = 1024 * 1024;

class MediaEnv {
  @IsIn(['local', 's3'], { message: 'MEDIA_STORAGE must be local or s3' })
  MEDIA_STORAGE: string = 'local';

  /** Where the local-disk storage keeps renditions; relative paths are from the working directory. */
  @IsString()
  @MinLength(1)
  MEDIA_DIR: string = 'var/media';

  @Type(() => Number)
  @IsInt({ message: 'MEDIA_MAX_BYTES must be a whole number of bytes between 1 KiB and 100 MiB' })
  @Min(1024, { message: 'MEDIA_MAX_BYTES must be a whole number of bytes between 1 KiB and 100 MiB' })
  @Max(100 * MIB, { message: 'MEDIA_MAX_BYTES must be a whole number of bytes between 1 KiB and 100 MiB' })
  MEDIA_MAX_BYTES: number = 10 * MIB;

  /** Decoding costs about 4 bytes a pixel whatever the file size, so pixels are capped as well as bytes. */
  @Type(() => Number)
  @IsInt({ message: 'MEDIA_MAX_PIXELS must be a whole number between 1 and 200000000' })
  @Min(1, { message: 'MEDIA_MAX_PIXELS must be a whole number between 1 and 200000000' })
  @Max(200_000_000, { message: 'MEDIA_MAX_PIXELS must be a whole number between 1 and 200000000' })
  MEDIA_MAX_PIXELS: number = 50_000_000;

  /** The base of photo URLs: `/media` served by this API, or a CDN in front of it. */
  @IsString()
  @MinLength(1)
  MEDIA_PUBLIC_URL: string = '/media';

  @Type(() => Number)
  @IsInt({ message: 'MEDIA_ORPHAN_TTL_HOURS must be a whole number of hours between 1 and 720' })
  @Min(1, { message: 'MEDIA_ORPHAN_TTL_HOURS must be a whole number of hours between 1 and 720' })
  @Max(720, { message: 'MEDIA_ORPHAN_TTL_HOURS must be a whole number of hours between 1 and 720' })
  MEDIA_ORPHAN_TTL_HOURS: number = 24;

  // Empty: the provider's own endpoint (AWS). Set it for MinIO, R2, Spaces and the like.
  @ValidateIf((e: MediaEnv) => e.S3_ENDPOINT !== '')
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'S3_ENDPOINT must be an http(s) URL' },
  )
  S3_ENDPOINT: string = '';

  @ValidateIf((e: MediaEnv) => e.MEDIA_STORAGE === 's3')
  @IsString()
  @MinLength(1, { message: 'S3_BUCKET must be set when MEDIA_STORAGE is s3' })
  S3_BUCKET: string = '';

  @IsString()
  @MinLength(1)
  S3_REGION: string = 'us-east-1';

  // Both empty: the SDK's default credential chain (instance role, AWS_* variables).
  @IsString()
  S3_ACCESS_KEY_ID: string = '';

  @IsString()
  S3_SECRET_ACCESS_KEY: string = '';

  @Transform(toBool)
  @IsBoolean({ message: 'S3_FORCE_PATH_STYLE must be true or false' })
  S3_FORCE_PATH_STYLE: boolean = false;
}

export const mediaConfig = registerAs('media', () => {
  const env = readEnv(MediaEnv);
  if ((env.S3_ACCESS_KEY_ID === '') !== (env.S3_SECRET_ACCESS_KEY === ''))
    throw new ConfigError(['Configuration error: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither']);
  return {
    storage: env.MEDIA_STORAGE as 'local' | 's3',
    dir: env.MEDIA_DIR,
    maxBytes: env.MEDIA_MAX_BYTES,
    maxPixels: env.MEDIA_MAX_PIXELS,
    publicUrl: env.MEDIA_PUBLIC_URL.replace(/\/+$/, ''),
    orphanTtlHours: env.MEDIA_ORPHAN_TTL_HOURS,
    s3: {
      endpoint: env.S3_ENDPOINT || undefined,
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      credentials:
        env.S3_ACCESS_KEY_ID === ''
          ? undefined
          : { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    },
  };
});
export type MediaConfig = ReturnType<typeof mediaConfig>;
export type S3Config = MediaConfig['s3'];

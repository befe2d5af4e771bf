import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { WorkerRuntimeModule } from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { MediaAsset } from './entities/media-asset.entity';
import { mediaConfig, type MediaConfig } from './media.config';
import { MediaCleanupProcessor } from './media-cleanup.processor';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';
import { OrphanCleanupService } from './orphan-cleanup.service';
import { PhotoPipeline } from './photo-pipeline';
import { LocalDiskStorage } from './storage/local-disk.storage';
import { MediaStorage } from './storage/media-storage';
import { UploadLimitsInterceptor } from './upload-limits.interceptor';

// Two photos decoded at once per process: enough to keep two cores busy, and a burst of uploads
// waits its turn instead of holding twenty decoded originals in memory.
const DECODE_CONCURRENCY = 2;

/** Photos: storage, the sharp pipeline, and their lifecycle. Other domains use MediaService. */
@Module({
  imports: [ConfigModule.forFeature(mediaConfig), MikroOrmModule.forFeature([MediaAsset]), BusinessModule],
  providers: [
    MediaService,
    OrphanCleanupService,
    {
      provide: MediaStorage,
      inject: [mediaConfig.KEY],
      useFactory: (config: MediaConfig): MediaStorage => {
        if (config.storage !== 's3') return new LocalDiskStorage(config.dir);
        // The AWS SDK costs ~20 MB of resident memory: loaded only where S3 is configured.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { S3Storage, s3Client } = require('./storage/s3.storage') as typeof import('./storage/s3.storage');
        return new S3Storage(s3Client(config.s3), config.s3.bucket);
      },
    },
    {
      provide: PhotoPipeline,
      inject: [mediaConfig.KEY],
      useFactory: (config: MediaConfig) => new PhotoPipeline({ maxPixels: config.maxPixels, concurrency: DECODE_CONCURRENCY }),
    },
  ],
  exports: [MediaService, OrphanCleanupService],
})
export class MediaModule {}

/** The REST edge of media (upload, and the renditions); only the API imports it. */
@Module({
  imports: [
    MediaModule,
    ConfigModule.forFeature(mediaConfig),
    // No storage engine: multer keeps the file in memory (sharp reads a buffer), so the size cap
    // is what bounds memory, and multer stops reading a file at `fileSize`. One file, a few short
    // fields; anything else is refused.
    MulterModule.registerAsync({
      imports: [ConfigModule.forFeature(mediaConfig)],
      inject: [mediaConfig.KEY],
      useFactory: (config: MediaConfig) => ({
        limits: { fileSize: config.maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
      }),
    }),
  ],
  controllers: [MediaController],
  providers: [UploadLimitsInterceptor],
})
export class MediaApiModule {}

/** The worker side of media: the orphan cleanup job and its schedule; only the worker imports it. */
@Module({
  imports: [MediaModule, WorkerRuntimeModule],
  providers: [MediaCleanupProcessor],
})
export class MediaWorkerModule {}

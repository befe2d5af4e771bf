export * from './media.module';
export * from './media.service';
export { OrphanCleanupService } from './orphan-cleanup.service';
export * from './media.config';
export * from './media.jobs';
export * from './errors';
export * from './renditions';
export * from './models/photo.model';
export { MediaStorage, type StoredObject } from './storage/media-storage';

export { MEDIA_ENTITIES } from './entities';

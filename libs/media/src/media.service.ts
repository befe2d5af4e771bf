import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { byKeys, InvalidInputError, NotFoundError, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { MediaAsset } from './entities/media-asset.entity';
import { MediaTooLargeError } from './errors';
import { mediaConfig, type MediaConfig } from './media.config';
import { PhotoPipeline } from './photo-pipeline';
import { CONTENT_TYPES, isMediaId, isPhotoFormat, isPhotoSize, photoUrls, renditionKey, type PhotoUrls } from './renditions';
import { MediaStorage, type StoredObject } from './storage/media-storage';

/** The upload as the REST edge received it (multer's file, of which only the bytes count). */
export interface UploadedFileLike {
  buffer: Buffer;
  size: number;
}

/** Whose photos: a business's, or a person's own (uploaded without a business, for their chats). */
export type MediaOwner = { businessId: string } | { personId: string };

/** A photo as other domains see it: its display size and URLs. */
export interface Photo {
  id: string;
  width: number;
  height: number;
  urls: PhotoUrls;
}

/**
 * Photos: uploads turned into renditions, and their lifecycle (pending until attached; released
 * ones go back to pending). Other domains use this service, never the media_asset table.
 */
@Injectable()
export class MediaService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly storage: MediaStorage,
    private readonly pipeline: PhotoPipeline,
    @Inject(mediaConfig.KEY) private readonly config: MediaConfig,
  ) {}

  /**
   * Stores a photo and returns it, `pending` until attached: a business's (needs catalog:write),
   * or with no business the signed-in person's own (an API key always names its business).
   * The row is committed before the files are written: a crash in between leaves a pending row
   * whose files the cleanup deletes (a missing file is fine), never files no row points at.
   */
  async upload(ctx: RequestContext, businessId: string | null, file: UploadedFileLike | undefined): Promise<Photo> {
    if (businessId !== null) await this.access.require(ctx, businessId, 'catalog:write');
    else if (ctx.actor.kind !== 'person')
      throw new InvalidInputError([{ field: 'businessId', messages: ['an API key uploads for its business: give businessId'] }]);
    if (!file || file.size === 0)
      throw new InvalidInputError([{ field: 'file', messages: ['send the photo as the multipart field "file"'] }]);
    // multer enforces the cap while receiving; this holds for any other caller.
    if (file.buffer.length > this.config.maxBytes) throw new MediaTooLargeError({ maxBytes: this.config.maxBytes });

    const photo = await this.pipeline.process(file.buffer);
    const asset = new MediaAsset({
      businessId,
      uploadedBy: ctx.actor.kind === 'person' ? ctx.actor.personId : null,
      mime: photo.mime,
      width: photo.width,
      height: photo.height,
      bytes: file.buffer.length,
    });
    await this.em.persist(asset).flush();
    await Promise.all(
      photo.renditions.map((r) => this.storage.put(renditionKey(asset.id, r.size, r.format), r.data, CONTENT_TYPES[r.format])),
    );
    return this.photoOf(asset);
  }

  /**
   * Marks a business's photos as in use, inside the caller's transaction; see attachFor. Refuses
   * with BAD_USER_INPUT on the field `photos` if any id is unknown or belongs to someone else.
   */
  async attach(tx: EntityManager, businessId: string, mediaIds: string[]): Promise<void> {
    await this.attachFor(tx, { businessId }, mediaIds);
  }

  /**
   * Marks photos as in use, inside the caller's transaction (`tx` must be in one: the rows are
   * locked, so the cleanup cannot delete a photo while it is being attached). Attaching an
   * attached photo changes nothing. Every id must be a photo of `owner`: a business's, or a
   * person's own (uploaded without a business; one they uploaded for a business is the
   * business's). Otherwise refuses with BAD_USER_INPUT on `field` and attaches nothing.
   */
  async attachFor(tx: EntityManager, owner: MediaOwner, mediaIds: string[], field = 'photos'): Promise<void> {
    const ids = unique(mediaIds);
    if (ids.length === 0) return;
    const valid = ids.filter(isMediaId);
    const found = valid.length
      ? await tx.find(MediaAsset, { id: { $in: valid }, ...ownedBy(owner) }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : [];
    const missing = ids.filter((id) => !found.some((a) => a.id === id));
    if (missing.length > 0) throw notOwned(owner, missing, field);
    const now = new Date();
    for (const asset of found) asset.attach(now);
  }

  /**
   * Refuses, as attachFor would, ids that are not photos of `owner`; attaches nothing and locks
   * nothing. For a caller that checks its input before it opens its transaction.
   */
  async requireOwned(owner: MediaOwner, mediaIds: string[], field = 'photos'): Promise<void> {
    const ids = unique(mediaIds);
    const valid = ids.filter(isMediaId);
    const found = valid.length
      ? await this.em.fork().find(MediaAsset, { id: { $in: valid }, ...ownedBy(owner) }, { fields: ['id'] })
      : [];
    const missing = ids.filter((id) => !found.some((a) => a.id === id));
    if (missing.length > 0) throw notOwned(owner, missing, field);
  }

  /**
   * Marks photos as no longer in use, inside the caller's transaction: they become pending, and
   * the cleanup deletes them on its next run once older than the orphan TTL (counted from the
   * upload). Not deleted here: the files could only go after the caller commits, and a rollback
   * must leave the photo intact. The caller releases only photos nothing of its own still shows:
   * media does not know who else uses a photo. Unknown ids are ignored (already cleaned up).
   */
  async release(tx: EntityManager, mediaIds: string[]): Promise<void> {
    const ids = unique(mediaIds).filter(isMediaId);
    if (ids.length === 0) return;
    const found = await tx.find(MediaAsset, { id: { $in: ids } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    for (const asset of found) asset.release();
  }

  /** A photo's URLs: a pure function of its id and MEDIA_PUBLIC_URL, no database. */
  urls(mediaId: string): PhotoUrls {
    return photoUrls(this.config.publicUrl, mediaId.toLowerCase());
  }

  /**
   * Photos by id, in the order asked, null for an unknown id; batched per request, so resolving
   * the photos of a page of products costs one query.
   */
  async assets(ctx: RequestContext, ids: readonly string[]): Promise<(Photo | null)[]> {
    const loader = ctx.loaders.get<string, Photo | null>('media.photoById', async (keys) => {
      const valid = keys.filter(isMediaId);
      // A fork: subscriptions (a chat's image messages) resolve photos outside any HTTP request's ORM context.
      const rows = valid.length ? await this.em.fork().find(MediaAsset, { id: { $in: [...valid] } }) : [];
      return byKeys(keys, rows, (a) => a.id).map((a) => a && this.photoOf(a));
    });
    // load, not loadMany: a failed batch rejects here instead of coming back as Error values.
    return Promise.all(ids.map((id) => loader.load(id.toLowerCase())));
  }

  /** One stored rendition, for the public GET route; NOT_FOUND for an unknown id, size or format. */
  async rendition(_ctx: RequestContext, id: string, size: string, format: string): Promise<StoredObject> {
    if (!isMediaId(id) || !isPhotoSize(size) || !isPhotoFormat(format)) throw new NotFoundError('Photo');
    const stored = await this.storage.get(renditionKey(id, size, format));
    if (!stored) throw new NotFoundError('Photo');
    return stored;
  }

  private photoOf(asset: MediaAsset): Photo {
    return { id: asset.id, width: asset.width, height: asset.height, urls: this.urls(asset.id) };
  }
}

const unique = (ids: string[]): string[] => [...new Set(ids.map((id) => id.toLowerCase()))];

const ownedBy = (owner: MediaOwner) =>
  'businessId' in owner ? { businessId: owner.businessId } : { businessId: null, uploadedBy: owner.personId };

const notOwned = (owner: MediaOwner, missing: string[], field: string) =>
  new InvalidInputError([
    {
      field,
      messages: [`not photos ${'businessId' in owner ? 'uploaded to this business' : 'of your own'}: ${missing.join(', ')}`],
    },
  ]);

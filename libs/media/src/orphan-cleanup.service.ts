import { EntityManager, ForeignKeyConstraintViolationException, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ForbiddenError, type RequestContext } from '@kedai/core';
import { MediaAsset } from './entities/media-asset.entity';
import { mediaConfig, type MediaConfig } from './media.config';
import { renditionKeys } from './renditions';
import { MediaStorage } from './storage/media-storage';

const BATCH = 50;

/**
 * Deletes photos nobody attached (abandoned uploads, released photos) once they are older than
 * MEDIA_ORPHAN_TTL_HOURS. Per batch, in one transaction: lock the rows (SKIP LOCKED, so rows an
 * attach holds are left alone, and two cleanups never take the same rows), delete each row
 * (not yet committed), delete its files, then commit.
 *
 * - A crash after the files and before the commit leaves the rows pending: the next run deletes
 *   the (now missing) files again, which storage accepts, and then the rows.
 * - A row still referenced by a foreign key (another domain shows a photo it forgot to attach)
 *   fails its delete before any of its files is touched: it is skipped and reported, not broken.
 */
@Injectable()
export class OrphanCleanupService {
  private readonly logger = new Logger(OrphanCleanupService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly storage: MediaStorage,
    @Inject(mediaConfig.KEY) private readonly config: MediaConfig,
  ) {}

  /** Returns how many photos it deleted. System callers only. */
  async clean(ctx: RequestContext, now: Date = new Date()): Promise<number> {
    if (!ctx.isSystem) throw new ForbiddenError();
    const cutoff = new Date(now.getTime() - this.config.orphanTtlHours * 3_600_000);
    const skipped = new Set<string>();
    let deleted = 0;
    for (;;) {
      const { found, removed } = await this.em.fork().transactional(async (tx) => {
        const orphans = await tx.find(
          MediaAsset,
          { status: 'pending', createdAt: { $lt: cutoff }, ...(skipped.size ? { id: { $nin: [...skipped] } } : {}) },
          { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { createdAt: 'asc', id: 'asc' }, limit: BATCH },
        );
        const gone: string[] = [];
        for (const asset of orphans) {
          if (await this.deleteRow(tx, asset.id)) gone.push(asset.id);
          else skipped.add(asset.id);
        }
        for (const id of gone) await Promise.all(renditionKeys(id).map((key) => this.storage.delete(key)));
        return { found: orphans.length, removed: gone.length };
      });
      deleted += removed;
      if (found < BATCH) break;
    }
    if (skipped.size > 0)
      this.logger.warn(`kept ${skipped.size} pending photos that are still referenced: ${[...skipped].slice(0, 10).join(', ')}`);
    return deleted;
  }

  /** Deletes one row inside a savepoint; false when a foreign key still points at it. */
  private async deleteRow(tx: EntityManager, id: string): Promise<boolean> {
    try {
      await tx.transactional((sp) => sp.nativeDelete(MediaAsset, { id }));
      return true;
    } catch (e) {
      if (e instanceof ForeignKeyConstraintViolationException) return false;
      throw e;
    }
  }
}

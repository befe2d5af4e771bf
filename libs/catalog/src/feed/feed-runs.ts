import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CatalogImport, type FeedError } from './entities/catalog-import.entity';

/**
 * The bookkeeping every import and export run shares: claiming the row, reporting progress and
 * finishing it. Each is its own short transaction, so a polling client sees the row move while the
 * long work happens elsewhere.
 */
@Injectable()
export class FeedRuns {
  constructor(private readonly em: EntityManager) {}

  /**
   * Marks the row running and returns it (with its CSV), or null when it is finished or gone. A row
   * found running is a run that crashed (or a retry after an error): it is taken up again, since
   * nothing it did before the final write transaction was ever committed to the catalog.
   */
  async claim(id: string): Promise<CatalogImport | null> {
    return this.em.transactional(async (tx) => {
      const run = await tx.findOne(
        CatalogImport,
        { id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, populate: ['input'] },
      );
      if (!run || run.finished) return null;
      run.start(new Date());
      await tx.flush();
      return run;
    });
  }

  /** One UPDATE outside any transaction; a finished row is never touched again. */
  async progress(id: string, values: { totalRows?: number; processedRows: number }): Promise<void> {
    await this.em.fork().nativeUpdate(CatalogImport, { id, status: 'running' }, values);
  }

  /**
   * Runs `write` on the row locked FOR UPDATE in one transaction, unless the row has finished in
   * the meantime (a second delivery of the same job that got there first): that is what makes the
   * write happen once, since the catalog changes and the row's final status commit together.
   */
  async finish(id: string, write: (run: CatalogImport, tx: EntityManager) => Promise<void>): Promise<boolean> {
    return this.em.transactional(async (tx) => {
      const run = await tx.findOne(CatalogImport, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!run || run.finished) return false;
      await write(run, tx);
      await tx.flush();
      return true;
    });
  }

  async fail(id: string, errors: FeedError[]): Promise<void> {
    await this.finish(id, (run) => Promise.resolve(run.fail(errors, new Date())));
  }
}

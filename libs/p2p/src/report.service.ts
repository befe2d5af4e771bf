import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@kedai/core';
import { TransferReport } from './entities/safety.entities';
import { AlreadyReportedError, TransferNotFoundError } from './errors';
import type { ReportReason } from './p2p-states';
import { TransferService } from './transfer.service';

/** Reports on transfers: the sender opens a case (not received, unauthorised); both people see its state. */
@Injectable()
export class ReportService {
  constructor(
    private readonly em: EntityManager,
    private readonly transfers: TransferService,
  ) {}

  async report(ctx: RequestContext, transferId: string, reason: ReportReason): Promise<TransferReport> {
    const personId = ctx.requirePerson();
    const transfer = await this.transfers.get(ctx, transferId);
    if (transfer.senderId !== personId) throw new TransferNotFoundError();
    const report = new TransferReport({ transferId, reporterId: personId, reason });
    try {
      await this.em.fork().persist(report).flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new AlreadyReportedError();
      throw err;
    }
    return report;
  }

  /** The case on a transfer, for either of its people (null when none was opened). */
  async of(ctx: RequestContext, transferId: string): Promise<TransferReport | null> {
    await this.transfers.get(ctx, transferId);
    return this.em.fork().findOne(TransferReport, { transferId });
  }
}

import { Injectable } from '@nestjs/common';
import { OnJob, type RequestContext } from '@kedai/core';
import { expireRequest, settleTransfer } from './p2p.jobs';
import { RequestService } from './request.service';
import { TransferService } from './transfer.service';

/** The worker side of P2P: settling transfers the PSP answered later, and expiring requests. */
@Injectable()
export class P2pProcessor {
  constructor(
    private readonly transfers: TransferService,
    private readonly requests: RequestService,
  ) {}

  @OnJob(settleTransfer)
  async settle(ctx: RequestContext, p: { transferId: string }): Promise<void> {
    await this.transfers.settleLater(ctx, p.transferId);
  }

  @OnJob(expireRequest)
  async expire(_ctx: RequestContext, p: { requestId: string }): Promise<void> {
    await this.requests.expire(p.requestId);
  }
}

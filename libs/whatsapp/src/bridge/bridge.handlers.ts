import { Injectable } from '@nestjs/common';
import { OnEvent, OnJob, type RequestContext } from '@kedai/core';
import { businessWroteBridged } from '@kedai/chat';
import { processInbound } from '../whatsapp.jobs';
import { BridgeInboundService } from './bridge-inbound.service';
import { BridgeOutboundService } from './bridge-outbound.service';

/** The bridge's jobs: Meta's stored webhooks in, the business's replies out. */
@Injectable()
export class BridgeHandlers {
  constructor(
    private readonly inbound: BridgeInboundService,
    private readonly outbound: BridgeOutboundService,
  ) {}

  @OnJob(processInbound)
  async process(_ctx: RequestContext, { inboundId }: { inboundId: string }): Promise<void> {
    await this.inbound.process(inboundId);
  }

  @OnEvent(businessWroteBridged, 'whatsapp-bridge')
  async send(_ctx: RequestContext, { messageId, bridge }: { messageId: string; bridge: string }): Promise<void> {
    if (bridge === 'whatsapp') await this.outbound.deliver(messageId);
  }
}

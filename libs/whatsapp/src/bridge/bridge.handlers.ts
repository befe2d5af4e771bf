import { Injectable } from '@nestjs/common';
import { OnEvent, OnJob, type RequestContext } from '@kedai/core';
import { businessWroteBridged } from '@kedai/chat';
import { takeInbound, type InboundWebhook } from '../whatsapp.jobs';
import { BridgeInboundService } from './bridge-inbound.service';
import { BridgeOutboundService } from './bridge-outbound.service';

/** The bridge's jobs: Meta's stored webhooks in, the business's replies out. */
@Injectable()
export class BridgeHandlers {
  constructor(
    private readonly inbound: BridgeInboundService,
    private readonly outbound: BridgeOutboundService,
  ) {}

  @OnJob(takeInbound)
  async take(_ctx: RequestContext, { ids, webhooks }: { ids?: string[]; webhooks?: InboundWebhook[] }): Promise<void> {
    if (ids) await this.inbound.takeStored(ids);
    if (webhooks) await this.inbound.take(webhooks);
  }

  @OnEvent(businessWroteBridged, 'whatsapp-bridge')
  async send(_ctx: RequestContext, { messageId, bridge }: { messageId: string; bridge: string }): Promise<void> {
    if (bridge === 'whatsapp') await this.outbound.deliver(messageId);
  }
}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnJob, type RequestContext } from '@kedai/core';
import { ModelStore } from '../model-store';
import { rebuildModel } from '../support.jobs';

/** Trains a business's model when its FAQ changed, and the platform model at start when the corpus did. */
@Injectable()
export class ModelJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(ModelJobs.name);

  constructor(private readonly models: ModelStore) {}

  onApplicationBootstrap(): void {
    // In the background: the first answers load whatever model is stored meanwhile.
    this.models.ensurePlatform().catch((e: Error) => this.logger.warn(`could not train the platform model: ${e.message}`));
  }

  @OnJob(rebuildModel)
  async rebuild(_ctx: RequestContext, { businessId }: { businessId: string }): Promise<void> {
    await this.models.rebuild(businessId);
  }
}

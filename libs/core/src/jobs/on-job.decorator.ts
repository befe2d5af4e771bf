import { SetMetadata } from '@nestjs/common';
import type { JobDefinition } from './job-definition';

export const ON_JOB = Symbol('kedai.onJob');

/**
 * Marks a provider method as the handler of a job type. The method receives
 * `(ctx: RequestContext, payload: P, job: JobInfo)` and runs inside its own unit of work.
 */
export const OnJob = <P>(definition: JobDefinition<P>): MethodDecorator => SetMetadata(ON_JOB, definition);

export interface JobInfo {
  /** The BullMQ job id; for jobs from the outbox this is the outbox row id. */
  id: string;
  queue: string;
  name: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
}

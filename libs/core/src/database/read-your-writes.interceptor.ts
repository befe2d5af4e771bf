import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { from, mergeMap, type Observable } from 'rxjs';
import { contextOf, requestOf } from '../request-context/context.decorator';
import { ReadReplica } from './read-replica';

/**
 * After a GraphQL mutation or a REST call that may write, and before its answer leaves, records
 * the caller's write position (ReadReplica.wrote), so their next read, on any API process, does
 * not come from a replica that has not replayed it yet. Does nothing without a replica.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(private readonly replica: ReadReplica) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.replica.enabled || !writes(execution)) return next.handle();
    return next.handle().pipe(mergeMap((result) => from(this.replica.wrote(contextOf(requestOf(execution))).then(() => result))));
  }
}

function writes(execution: ExecutionContext): boolean {
  if (execution.getType<GqlContextType>() === 'graphql')
    return (
      GqlExecutionContext.create(execution).getInfo<{ operation: { operation: string } }>().operation.operation === 'mutation'
    );
  if (execution.getType() !== 'http') return false;
  return !['GET', 'HEAD', 'OPTIONS'].includes(execution.switchToHttp().getRequest<{ method: string }>().method);
}

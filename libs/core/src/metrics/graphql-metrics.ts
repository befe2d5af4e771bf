import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Metrics } from './metrics';

/**
 * The operation label: its first top-level field. Client-chosen operation names are unbounded (a
 * label per name would grow the registry without end); schema fields are not.
 */
export function operationLabel(op: OperationDefinitionNode | undefined | null): string {
  const first = op?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  return first && first.kind === Kind.FIELD ? first.name.value : '(none)';
}

/** Apollo plugin: counts and times every operation, and counts the errors it answers with by code. */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = process.hrtime.bigint();
      // The request's span (requestTracing), named after the operation once it is known.
      const span = trace.getActiveSpan();
      return {
        async willSendResponse(rc: GraphQLRequestContext<object>) {
          const labels = { operation: operationLabel(rc.operation), type: rc.operation?.operation ?? '(invalid)' };
          span?.updateName(`graphql ${labels.type} ${labels.operation}`);
          span?.setAttributes({ 'graphql.operation.type': labels.type, 'graphql.operation.field': labels.operation });
          metrics.graphqlRequests.inc(labels);
          metrics.graphqlDuration.observe(labels, Number(process.hrtime.bigint() - stop) / 1e9);
          const body = rc.response.body;
          const errors = body?.kind === 'single' ? body.singleResult.errors : body?.initialResult.errors;
          for (const e of errors ?? []) {
            const code = e.extensions?.code;
            metrics.errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL', transport: 'graphql' });
          }
        },
      };
    },
  };
}

type Hook<A extends unknown[]> = ((...args: A) => unknown) | undefined;

/**
 * Wraps graphql-ws server hooks to keep the open sockets and running socket operations gauges.
 * graphql-ws calls onComplete when an operation ends (client, server, or socket close), onError
 * without onComplete when a subscribe is refused, and onClose for the socket: each id is counted
 * down once, whichever comes first.
 */
export function trackSocketOperations<
  H extends {
    onConnect?: Hook<[ctx: object, ...rest: never[]]>;
    onError?: Hook<[ctx: object, id: string, ...rest: never[]]>;
  },
>(metrics: Metrics, hooks: H): H & Record<string, unknown> {
  const running = new WeakMap<object, Set<string>>();
  const open = new WeakSet<object>();
  const done = (ctx: object, id: string) => {
    if (running.get(ctx)?.delete(id)) metrics.subscriptionsOpen.dec();
  };
  return {
    ...hooks,
    onConnect: async (ctx: object, ...rest: never[]) => {
      const result = hooks.onConnect ? await hooks.onConnect(ctx, ...rest) : true;
      if (result !== false) {
        open.add(ctx);
        metrics.socketsOpen.inc();
      }
      return result;
    },
    onSubscribe: (ctx: object, id: string) => {
      let ids = running.get(ctx);
      if (!ids) running.set(ctx, (ids = new Set()));
      if (!ids.has(id)) {
        ids.add(id);
        metrics.subscriptionsOpen.inc();
      }
      return undefined;
    },
    onComplete: (ctx: object, id: string) => done(ctx, id),
    onError: (ctx: object, id: string, ...rest: never[]) => {
      done(ctx, id);
      return hooks.onError?.(ctx, id, ...rest);
    },
    onClose: (ctx: object) => {
      for (const id of [...(running.get(ctx) ?? [])]) done(ctx, id);
      if (open.delete(ctx)) metrics.socketsOpen.dec();
    },
  };
}

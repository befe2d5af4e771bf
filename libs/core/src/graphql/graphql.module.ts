import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Request, Response } from 'express';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { appConfig, graphqlConfig, type AppConfig, type GraphqlConfig } from '../config/namespaces';
import { formatGraphqlError } from '../errors/graphql-errors';
import { graphqlMetricsPlugin, trackSocketOperations } from '../metrics/graphql-metrics';
import { Metrics } from '../metrics/metrics';
import { SOCKET_AUTHENTICATOR, socketHeaders, socketRequest, type SocketAuthenticator } from './socket-request';

/** Where GraphQL is served (HTTP and graphql-ws). */
export const GRAPHQL_PATH = '/graphql';

const MAX_TOKENS = 2_000;

/**
 * Apollo behind Nest, code first. Limits are on from day one: depth, cost, aliases and directives
 * (graphql-armor), tokens (graphql-js's parser), no batched HTTP requests, Apollo's CSRF prevention
 * (a request must be JSON or carry a preflight-forcing header). Production adds: no introspection,
 * no landing page, no field suggestions, no stack traces.
 *
 * A refused query runs nothing and gets HTTP 400 with a stable `extensions.code`: GRAPHQL_PARSE_FAILED
 * for syntax errors and documents over the token limit, GRAPHQL_VALIDATION_FAILED for the depth,
 * cost, alias and directive limits (and introspection in production); the message says which limit.
 * CSRF refusals and batched requests get BAD_REQUEST (see test/graphql-edge.e2e-spec.ts).
 */
@Module({})
export class KedaiGraphqlModule {
  /** `imports` must provide SOCKET_AUTHENTICATOR (the API's auth module does). */
  static forRoot(options: { imports: ModuleMetadata['imports'] }): DynamicModule {
    return {
      module: KedaiGraphqlModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: options.imports,
          inject: [appConfig.KEY, graphqlConfig.KEY, SOCKET_AUTHENTICATOR, Metrics],
          useFactory: (
            app: AppConfig,
            gql: GraphqlConfig,
            sockets: SocketAuthenticator,
            metrics: Metrics,
          ): ApolloDriverConfig => {
            const armor = new ApolloArmor({
              maxDepth: { n: gql.maxDepth, flattenFragments: true },
              costLimit: { maxCost: gql.maxCost },
              maxAliases: { n: gql.maxAliases },
              maxDirectives: { n: 20 },
              // The token limit is graphql-js's own (parseOptions below): armor's version throws from a
              // plugin hook, which Apollo answers with HTTP 500, and its error hook turns any unexpected
              // error into a GRAPHQL_VALIDATION_FAILED that carries the internal message to the client.
              maxTokens: { enabled: false },
              blockFieldSuggestion: { enabled: app.production },
            }).protect();
            const formatError = formatGraphqlError(app.production);
            return {
              path: GRAPHQL_PATH,
              autoSchemaFile: true,
              sortSchema: true,
              playground: false,
              // GraphiQL is apps/web's bundled copy (served by the API's serveWebApp): Apollo's loads from a CDN.
              graphiql: false,
              introspection: !app.production,
              csrfPrevention: true,
              // Typed against Apollo's ESM build (armor, the disabled plugin), Nest against its CJS build: same objects.
              plugins: [
                ...armor.plugins,
                // Apollo's cache-control plugin wraps every field resolver to compute hints nobody
                // reads (there is no response cache or CDN hint here): a tenth of a catalog page's CPU.
                ApolloServerPluginCacheControlDisabled(),
                graphqlMetricsPlugin(metrics),
              ] as unknown as ApolloDriverConfig['plugins'],
              validationRules: armor.validationRules,
              // Refused while parsing, before any validation work: 400 GRAPHQL_PARSE_FAILED.
              parseOptions: { maxTokens: MAX_TOKENS },
              allowBatchedHttpRequests: armor.allowBatchedHttpRequests,
              includeStacktraceInErrorResponses: false,
              formatError,
              // Over HTTP the request itself; over a socket, one request-shaped object per connection.
              context: (arg: {
                req?: Request;
                res?: Response;
                extra?: SocketExtra;
                connectionParams?: Record<string, unknown>;
              }) => (arg.req ? { req: arg.req, res: arg.res } : { req: socketRequest(arg.extra!, arg.connectionParams) }),
              // Subscriptions over graphql-ws (the graphql-transport-ws protocol) on the same path; a
              // socket without valid credentials is closed before any subscription starts.
              subscriptions: {
                'graphql-ws': trackSocketOperations(metrics, {
                  onConnect: async ({ connectionParams }: { connectionParams?: Record<string, unknown> }) =>
                    sockets.authenticate(socketHeaders(connectionParams)),
                  // Errors over a socket get the same stable codes as over HTTP.
                  onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
                    result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : result,
                  // graphql-ws's own hook, passed through by Nest though its type leaves it out.
                  ...{
                    onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
                      errors.map((e) => formatError(e.toJSON(), e)),
                  },
                }),
              },
            };
          },
        }),
      ],
    };
  }
}

type SocketExtra = Parameters<typeof socketRequest>[0];

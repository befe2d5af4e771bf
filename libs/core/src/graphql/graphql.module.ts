import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Request, Response } from 'express';
import { appConfig, graphqlConfig, type AppConfig, type GraphqlConfig } from '../config/namespaces';
import { formatGraphqlError } from '../errors/graphql-errors';

/**
 * Apollo behind Nest, code first. Limits are on from day one: depth, cost, aliases, tokens and
 * directives (graphql-armor), no batched HTTP requests, Apollo's CSRF prevention (a request must
 * be JSON or carry a preflight-forcing header). Production adds: no introspection, no landing
 * page, no field suggestions, no stack traces.
 */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [appConfig.KEY, graphqlConfig.KEY],
      useFactory: (app: AppConfig, gql: GraphqlConfig): ApolloDriverConfig => {
        const armor = new ApolloArmor({
          maxDepth: { n: gql.maxDepth, flattenFragments: true },
          costLimit: { maxCost: gql.maxCost },
          maxAliases: { n: gql.maxAliases },
          maxDirectives: { n: 20 },
          maxTokens: { n: 2_000 },
          blockFieldSuggestion: { enabled: app.production },
        }).protect();
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          graphiql: !app.production,
          introspection: !app.production,
          csrfPrevention: true,
          // graphql-armor is typed against Apollo's ESM build, Nest against its CJS build: same objects.
          plugins: armor.plugins as ApolloDriverConfig['plugins'],
          validationRules: armor.validationRules,
          allowBatchedHttpRequests: armor.allowBatchedHttpRequests,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphqlError(app.production),
          context: ({ req, res }: { req: Request; res: Response }) => ({ req, res }),
        };
      },
    }),
  ],
})
export class KedaiGraphqlModule {}

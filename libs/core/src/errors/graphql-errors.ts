import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { toPublicError } from './error-mapping';

const logger = new Logger('GraphQL');

// Codes GraphQL or Apollo assign themselves (parse, validation, armor limits): they already
// describe the caller's mistake, so they pass through with their own code.
const PROTOCOL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** Apollo's formatError: every error leaves with a stable `extensions.code` and no stack in production. */
export function formatGraphqlError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const ownCode = formatted.extensions?.code;
    if (original === error && typeof ownCode === 'string' && PROTOCOL_CODES.has(ownCode)) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ownCode } };
    }
    const pub = toPublicError(original, production);
    if (pub.internal) logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
    return {
      message: pub.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: pub.code,
        ...pub.details,
        ...(production || !pub.internal ? {} : { stacktrace: (original as Error)?.stack?.split('\n') }),
      },
    };
  };
}

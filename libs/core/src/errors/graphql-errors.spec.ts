import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ForbiddenError, InvalidInputError } from './domain-error';
import { formatGraphqlError } from './graphql-errors';

/**
 * What Apollo hands formatError for an error thrown in a resolver: a GraphQLError with a path,
 * wrapping the thrown value, and its formatted form (code INTERNAL_SERVER_ERROR, and a
 * stacktrace unless includeStacktraceInErrorResponses is off).
 */
function resolverError(thrown: unknown): [GraphQLFormattedError, GraphQLError] {
  const error = new GraphQLError(thrown instanceof Error ? thrown.message : String(thrown), {
    path: ['business'],
    originalError: thrown instanceof Error ? thrown : undefined,
  });
  // graphql-js only keeps an Error as originalError; for anything else Apollo wraps it the same way.
  if (!(thrown instanceof Error)) Object.defineProperty(error, 'originalError', { value: thrown });
  const formatted: GraphQLFormattedError = {
    message: error.message,
    locations: [{ line: 1, column: 3 }],
    path: ['business'],
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: boom', '    at secret (/srv/app/x.ts:1:1)'] },
  };
  return [formatted, error];
}

/** What Apollo hands formatError for a parse or validation error: no path, no original error. */
function protocolError(code: string, message: string): [GraphQLFormattedError, GraphQLError] {
  const error = new GraphQLError(message, { extensions: { code } });
  return [{ message, locations: [{ line: 1, column: 1 }], extensions: { code, stacktrace: ['GraphQLError: …'] } }, error];
}

describe('formatGraphqlError', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  describe('in production', () => {
    const format = formatGraphqlError(true);

    it('hides an unknown error behind INTERNAL_SERVER_ERROR, with no stacktrace, and logs its stack', () => {
      const thrown = new Error('relation "secret_table" does not exist');
      const out = format(...resolverError(thrown));
      expect(out).toEqual({
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['business'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(out)).not.toContain('secret_table');
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0][0])).toContain(thrown.stack!.split('\n')[1].trim());
    });

    it('hides a thrown non-Error value too', () => {
      const out = format(...resolverError('a string with internals'));
      expect(out.message).toBe('Internal server error');
      expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    });

    it('keeps a DomainError’s code, message and details, without a stacktrace and without logging', () => {
      const thrown = new InvalidInputError([{ field: 'handle', messages: ['too short'] }]);
      const out = format(...resolverError(thrown));
      expect(out).toEqual({
        message: 'The input is not valid',
        locations: [{ line: 1, column: 3 }],
        path: ['business'],
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'handle', messages: ['too short'] }] },
      });
      expect(logged).not.toHaveBeenCalled();
    });

    it.each(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST'])(
      'passes a %s error through with its own code and message, and no stacktrace',
      (code) => {
        const out = format(...protocolError(code, 'Cannot query field "x" on type "Query".'));
        expect(out).toEqual({
          message: 'Cannot query field "x" on type "Query".',
          locations: [{ line: 1, column: 1 }],
          extensions: { code },
        });
      },
    );

    it('never lets a stacktrace out, whatever the error', () => {
      for (const args of [
        resolverError(new Error('x')),
        resolverError(new ForbiddenError()),
        protocolError('GRAPHQL_VALIDATION_FAILED', 'y'),
        protocolError('SOMETHING_ELSE', 'z'),
      ]) {
        expect(JSON.stringify(format(...args))).not.toMatch(/stacktrace|\n? {4}at /);
      }
    });
  });

  describe('in development', () => {
    const format = formatGraphqlError(false);

    it('shows the real message and the stack of an unknown error, to help whoever debugs it', () => {
      const thrown = new Error('relation "x" does not exist');
      const out = format(...resolverError(thrown));
      expect(out.message).toBe('relation "x" does not exist');
      expect(out.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(out.extensions?.stacktrace).toEqual(thrown.stack!.split('\n'));
    });

    it('shows no stack for a DomainError: it is the caller’s mistake, not a bug', () => {
      const out = format(...resolverError(new ForbiddenError()));
      expect(out.extensions).toEqual({ code: 'FORBIDDEN' });
    });
  });
});

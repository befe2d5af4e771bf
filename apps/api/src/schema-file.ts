import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** Where `npm run schema` writes the API's schema, relative to the repository root. */
export const SCHEMA_FILE = 'schema.graphql';

const HEADER = [
  '# The Kedai GraphQL API, printed from the running app by `npm run schema`. Do not edit by hand:',
  '# change the code, then run `npm run schema` (and `npm run web:codegen` for apps/web).',
  '# test/schema-file.e2e-spec.ts fails when this file and the app disagree.',
].join('\n');

/** The schema file's exact text for a schema: a header, then the SDL sorted by name. */
export function schemaFileText(schema: GraphQLSchema): string {
  return `${HEADER}\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run web:codegen`: types every operation in apps/web from the API's own schema.graphql
 * (written by `npm run schema`). The generated folder src/gql is committed, so a fresh clone
 * typechecks without running this.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['apps/web/src/**/*.{ts,tsx}', '!apps/web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'apps/web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;

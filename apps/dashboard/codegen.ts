import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the dashboard, generated from the published schema (never from a running server, so it works
 * with no network). Operations live beside the components that use them, written with `graphql(`...`)` imported from
 * `src/gql`. `pnpm --filter @kinroom/dashboard codegen` regenerates; `codegen:check` fails when src/gql is stale.
 */
const config: CodegenConfig = {
  schema: '../../packages/schema/schema.graphql',
  documents: ['src/**/*.{vue,ts}', '!src/gql/**'],
  // Until the first feature writes an operation, the generated client still carries the schema's types.
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // DateTimeISO travels as an ISO 8601 string in JSON; any scalar added later is `unknown` until mapped here.
        scalars: { DateTimeISO: 'string' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;

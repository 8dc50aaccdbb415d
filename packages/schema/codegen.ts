import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The schema's TypeScript types and the dashboard's typed operations, generated from the published schema (never
 * from a running server, so it works with no network). Operations live beside the dashboard components that use
 * them, written with `graphql(`...`)` imported from `@kinroom/schema`. `pnpm --filter @kinroom/schema codegen`
 * regenerates; `codegen:check` fails when src/generated is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['../../apps/dashboard/src/**/*.{vue,ts}'],
  generates: {
    'src/generated/': {
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

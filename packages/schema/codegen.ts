import type { CodegenConfig } from '@graphql-codegen/cli';
import type { DocumentNode } from 'graphql';
import { manifestOf, registeredOperations, trustedHash, trustedText } from './trusted-manifest';

/** The plugin that writes the trusted documents' manifest (below). */
const MANIFEST_PLUGIN = 'kinroom-trusted-manifest';

const registered = registeredOperations();

/**
 * The schema's TypeScript types, the dashboard's typed operations, and the trusted documents' manifest, generated from
 * the published schema (never from a running server, so it works with no network). Operations live beside the
 * dashboard components that use them, written with `graphql(`...`)` imported from `@kinroom/schema`; integrators
 * register theirs in trusted/ (see its README).
 *
 * The manifest (`src/generated/persisted-documents.json`) holds every operation's text by its SHA-256, as the
 * dashboard sends it (Apollo Client adds `__typename` to it first: trusted-manifest.ts), and each typed document
 * carries its hash (`__meta__.hash`), which the dashboard sends instead of the text. The API loads the manifest at
 * start-up and runs its queries compiled (apps/api/src/graphql/trusted-documents.ts). The typed documents' types are
 * those of the documents as written.
 *
 * `pnpm --filter @kinroom/schema codegen` regenerates; `codegen:check` fails when src/generated is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['../../apps/dashboard/src/**/*.{vue,ts}', 'trusted/*.graphql'],
  pluginLoader: (name) => {
    if (name.endsWith(MANIFEST_PLUGIN)) {
      return {
        plugin: (_schema, documents) =>
          JSON.stringify(
            manifestOf(
              documents.flatMap((d) => (d.document ? [d.document] : [])),
              registered,
            ),
            null,
            2,
          ) + '\n',
      };
    }
    throw Object.assign(new Error(`no plugin ${name}`), { code: 'MODULE_NOT_FOUND' });
  },
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: {
        onExecutableDocumentNode: (document: DocumentNode) => ({
          hash: trustedHash(trustedText(document, registered)),
        }),
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // DateTimeISO travels as an ISO 8601 string in JSON; any scalar added later is `unknown` until mapped here.
        scalars: { DateTimeISO: 'string' },
        defaultScalarType: 'unknown',
      },
    },
    'src/generated/persisted-documents.json': { plugins: [MANIFEST_PLUGIN] },
  },
};

export default config;

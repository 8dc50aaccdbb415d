import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PersistedQueryOptions } from '@apollo/server';
import {
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * The manifest codegen writes (packages/schema/codegen.ts): each trusted document's text by the SHA-256 of that text
 * in hex. Found from this file, in src/ and in dist/ alike.
 */
export const MANIFEST_FILE = new URL(
  '../../../../packages/schema/src/generated/persisted-documents.json',
  import.meta.url,
);

/** A trusted document: its text, and its queries compiled, by operation name ('' for an anonymous one). */
interface TrustedDocument {
  text: string;
  queries: Map<string, CompiledQuery>;
}

export class TrustedDocumentsError extends Error {}

/**
 * The trusted documents: the dashboard's operations and those integrators register, from the manifest generated and
 * committed in packages/schema. Each is parsed, validated and has its queries compiled (graphql-jit) once, at
 * start-up, so that it runs compiled from its first request. graphql-jit writes a document's literal arguments
 * into the source of the function it generates; these documents are ours, so no client's text ever becomes code.
 *
 * A client names a trusted document by its hash in `extensions.persistedQuery.sha256Hash` with no `query` (what the
 * dashboard does: Apollo then neither receives nor hashes the text), or sends its text exactly. Either way the
 * document that reaches the executor has the manifest's text, and is recognised by it once per parsed document
 * (parsed documents are cached and reused, so a request costs a lookup by identity, not a hash of its text).
 */
export class TrustedDocuments {
  private readonly byHash = new Map<string, TrustedDocument>();
  private readonly byText = new Map<string, TrustedDocument>();
  /** Each parsed document met, and the trusted document it is (null for any other). */
  private readonly recognised = new WeakMap<DocumentNode, TrustedDocument | null>();
  /** The operation names the manifest's documents give: the only client-chosen names metrics repeat as labels. */
  readonly operationNames = new Set<string>();

  /** The manifest's documents, parsed, validated against `schema` and compiled; throws when one does not fit. */
  constructor(schema: GraphQLSchema, manifest: Record<string, string>) {
    for (const [hash, text] of Object.entries(manifest)) {
      if (sha256(text) !== hash) throw new TrustedDocumentsError(`${hash} is not the hash of its document`);
      const document = parse(text);
      const errors = validate(schema, document);
      if (errors.length > 0) {
        throw new TrustedDocumentsError(
          `${hash} does not validate: ${errors.map((e) => e.message).join('; ')}`,
        );
      }
      for (const d of document.definitions)
        if (d.kind === Kind.OPERATION_DEFINITION && d.name) this.operationNames.add(d.name.value);
      const trusted: TrustedDocument = { text, queries: compileQueries(schema, document) };
      this.byHash.set(hash, trusted);
      this.byText.set(text, trusted);
    }
  }

  /** The committed manifest (`MANIFEST_FILE`), loaded for `schema`. */
  static load(schema: GraphQLSchema, file: URL = MANIFEST_FILE): TrustedDocuments {
    let manifest: Record<string, string>;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch (err) {
      throw new TrustedDocumentsError(`cannot read the trusted documents' manifest ${file.pathname}: ${err}`);
    }
    try {
      return new TrustedDocuments(schema, manifest);
    } catch (err) {
      // The manifest is generated from the schema it was built with: one that no longer fits is stale.
      throw new TrustedDocumentsError(
        `the trusted documents' manifest does not fit the schema (run \`pnpm run schema\`): ${(err as Error).message}`,
      );
    }
  }

  /** How many documents the manifest holds. */
  get size(): number {
    return this.byHash.size;
  }

  /** Whether `document` is a trusted document (any operation: query, mutation or subscription). */
  has(document: DocumentNode): boolean {
    return this.lookUp(document) !== null;
  }

  /** The compiled function of `operation` in `document`, when the document is trusted and the operation a query. */
  compiled(document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | null {
    return this.lookUp(document)?.queries.get(operation.name?.value ?? '') ?? null;
  }

  /**
   * Apollo Server's persisted-query cache over the manifest: a hash the manifest holds gives its text, any other is
   * not found. What a client sends with a hash is never kept: only the manifest's documents are known by hash.
   */
  persistedQueries(): PersistedQueryOptions {
    const { byHash } = this;
    return {
      cache: {
        // Apollo prefixes the keys it asks for (`apq:<hash>`); a hash has no colon.
        async get(key: string) {
          return byHash.get(key.slice(key.lastIndexOf(':') + 1))?.text;
        },
        async set() {},
        async delete() {
          return false;
        },
      },
    };
  }

  private lookUp(document: DocumentNode): TrustedDocument | null {
    let trusted = this.recognised.get(document);
    if (trusted === undefined) {
      const text = document.loc?.source.body;
      trusted = (text !== undefined && this.byText.get(text)) || null;
      this.recognised.set(document, trusted);
    }
    return trusted;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A document's queries, compiled; an operation graphql-jit cannot compile runs through graphql-js. */
function compileQueries(schema: GraphQLSchema, document: DocumentNode): Map<string, CompiledQuery> {
  const queries = new Map<string, CompiledQuery>();
  for (const definition of document.definitions) {
    if (definition.kind !== 'OperationDefinition' || definition.operation !== 'query') continue;
    const name = definition.name?.value;
    const compiled = compileQuery(schema, document, name);
    if (isCompiledQuery(compiled)) queries.set(name ?? '', compiled);
  }
  return queries;
}

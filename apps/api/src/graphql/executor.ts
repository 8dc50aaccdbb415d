import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { runUntrusted } from '../db/prepared.js';
import type { GraphQLContext } from './context.js';
import type { TrustedDocuments } from './trusted-documents.js';

type Gateway = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];

/**
 * How every query and mutation runs, over HTTP (given to Apollo as its executor, the only way Apollo Server takes
 * one) and over WebSocket.
 *
 * A query of a trusted document (the dashboard's, an integrator's registered one: trusted-documents.ts) runs from
 * the function graphql-jit compiled for it at start-up: graphql-js walks the document field by field on every request
 * and builds each object of the answer as a dictionary, which on a child's history is a large part of the request.
 * Parsing, validation and the limits are the pipeline's as for any document, and the resolvers are the same.
 *
 * Everything else runs through graphql-js exactly as Apollo would: any other document, however often it is sent
 * (graphql-jit writes a document's literal arguments into the code it generates, so no client's document is ever
 * compiled), mutations (their cost is the write, not the walk), and a request whose variables do not coerce (so
 * that the client is told what is wrong in graphql-js's words, with its codes). Statement texts such a document is
 * the first to reach run unprepared (db/prepared.ts), so that what a client writes never fills the server's memory.
 */
export class CompilingExecutor {
  private compiledRuns = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly trusted: TrustedDocuments,
  ) {}

  /** How many operations have run compiled since the server started. */
  get compiled(): number {
    return this.compiledRuns;
  }

  /** Apollo's way in: the schema, and this executor for every HTTP operation. */
  gateway(): Gateway {
    const { schema } = this;
    return {
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => {};
      },
      load: async () => ({
        executor: (request) =>
          this.execute({
            schema,
            document: request.document!,
            contextValue: request.context,
            variableValues: request.request.variables,
            operationName: request.operationName,
          }),
      }),
      async stop() {},
    };
  }

  /** Runs one parsed and validated operation, over HTTP or WebSocket. */
  async execute(args: ExecutionArgs): Promise<ExecutionResult> {
    const { document, contextValue } = args;
    const operationName = args.operationName ?? null;
    const operation = getOperationAST(document, operationName);
    const variables = args.variableValues ?? {};
    if (operation) (contextValue as Partial<GraphQLContext>).operation?.ran(document, operation);
    const query = operation ? this.compiledFor(document, operation, variables) : null;
    if (query) {
      this.compiledRuns++;
      const result = (await query.query(undefined, contextValue, variables)) as ExecutionResult;
      return result.errors ? { ...result, errors: result.errors.map((e) => located(e, document)) } : result;
    }
    const run = () =>
      execute({ schema: this.schema, document, contextValue, variableValues: variables, operationName });
    return this.trusted.has(document) ? run() : runUntrusted(run);
  }

  /** The compiled function to run: a trusted document's query, when its variables coerce. */
  private compiledFor(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): CompiledQuery | null {
    if (operation.operation !== 'query') return null;
    const query = this.trusted.compiled(document, operation);
    if (!query) return null;
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables, {
      maxErrors: 1,
    });
    return coerced.errors ? null : query;
  }
}

/**
 * A compiled query's error as graphql-js would have made it: the same message, path, place in the document and
 * original error, as a GraphQLError with its extensions (which the error formatter reads).
 */
function located(error: GraphQLError, document: DocumentNode): GraphQLError {
  const source = document.loc?.source;
  let positions: number[] | undefined;
  if (source && error.locations) {
    // Where each line starts, with GraphQL's line ends (\r\n, \n or \r).
    const starts = [0];
    for (const end of source.body.matchAll(/\r\n|[\n\r]/g)) starts.push(end.index + end[0].length);
    positions = error.locations.map((l) => (starts[l.line - 1] ?? 0) + l.column - 1);
  }
  return new GraphQLError(error.message, {
    source,
    positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

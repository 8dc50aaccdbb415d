import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  BREAK,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  visit,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GraphQLContext } from './context.js';

type Gateway = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];

/** Runs of one document after which its queries are compiled: a document sent once is never compiled. */
export const COMPILE_AFTER_RUNS = 2;

interface Compiled {
  /** False for a document with a string written into it: it always runs through graphql-js (see below). */
  compilable: boolean;
  runs: number;
  /** By operation name; null when the operation could not be compiled (it then always runs as before). */
  queries: Map<string, CompiledQuery | null>;
}

/**
 * How Apollo runs an HTTP operation, given to it as its executor (the only way Apollo Server takes one).
 *
 * A query that clients repeat (the dashboard's, an integrator's) is compiled once into a function (graphql-jit) and
 * then run from it: graphql-js walks the document field by field on every request and builds each object of the answer
 * as a dictionary, and on a page of a child's history that walk was about a quarter of the API's time per request.
 * Parsing, validation and the limits are Apollo's as before, and the resolvers are the same.
 *
 * Everything else runs through graphql-js exactly as Apollo would: mutations (their cost is the write, not the walk),
 * a document's first run (so that a client sending ever-new documents never makes the server compile), and a request
 * whose variables do not coerce (so that the client is told what is wrong in graphql-js's words, with its codes).
 *
 * Nor is a document with a string written into it (`child(id: "…")` rather than `child(id: $id)`) ever compiled:
 * graphql-jit writes literal arguments into the source of the function it generates and turns a string carrying its
 * date marker back into code, so such a string could run code on the server. Variables are never written into the
 * source, and the other literals a document can hold (numbers, booleans, enum values, names) cannot carry text.
 * The dashboard and generated clients pass values as variables, and their queries are compiled.
 *
 * Compiled functions are kept per parsed document, which Apollo's bounded document cache holds: a document it lets go
 * of takes its functions with it.
 */
export class CompilingExecutor {
  private readonly documents = new WeakMap<DocumentNode, Compiled>();
  private compiledCount = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly compileAfterRuns = COMPILE_AFTER_RUNS,
  ) {}

  /** How many operations have been compiled since the server started. */
  get compiled(): number {
    return this.compiledCount;
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
    const query =
      operation?.operation === 'query' &&
      !getVariableValues(this.schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 }).errors
        ? this.compiledFor(document, operationName)
        : null;
    if (query) {
      const result = (await query.query(undefined, contextValue, variables)) as ExecutionResult;
      return result.errors ? { ...result, errors: result.errors.map((e) => located(e, document)) } : result;
    }
    return execute({
      schema: this.schema,
      document,
      contextValue,
      variableValues: variables,
      operationName,
    });
  }

  private compiledFor(document: DocumentNode, operationName: string | null): CompiledQuery | null {
    let entry = this.documents.get(document);
    if (!entry) {
      entry = { compilable: !writesText(document), runs: 0, queries: new Map() };
      this.documents.set(document, entry);
    }
    if (!entry.compilable || ++entry.runs < this.compileAfterRuns) return null;
    const key = operationName ?? '';
    let query = entry.queries.get(key);
    if (query === undefined) {
      const result = compileQuery(this.schema, document, operationName ?? undefined);
      query = isCompiledQuery(result) ? result : null;
      if (query) this.compiledCount++;
      entry.queries.set(key, query);
    }
    return query;
  }
}

/** Whether a string is written anywhere in the document: an argument, a default value or a directive's argument. */
function writesText(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue() {
      found = true;
      return BREAK;
    },
  });
  return found;
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

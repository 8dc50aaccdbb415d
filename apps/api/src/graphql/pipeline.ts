import type { ApolloServerOptionsWithGateway, ApolloServerPlugin } from '@apollo/server';
import {
  createSourceEventStream,
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import { createContext, type ContextParts, type GraphQLContext } from './context.js';
import { DocumentCache } from './document-cache.js';
import type { CompilingExecutor } from './executor.js';
import { makeFormatError, type ErrorLogger } from './format-error.js';
import { LIMIT_RULES, LIMITS } from './limits.js';
import { OTHER_OPERATION, type KinroomMetrics } from '../observability/metrics.js';
import type { Logger } from '../observability/logger.js';

/** The two ways in: Apollo Server over HTTP, graphql-transport-ws over WebSocket. */
export type Transport = 'http' | 'websocket';

export interface PipelineParts {
  schema: GraphQLSchema;
  config: Config;
  orm: Orm;
  /** Runs queries and mutations (trusted documents compiled): `execute` is all the pipeline uses of it. */
  executor: Pick<CompilingExecutor, 'execute' | 'gateway'>;
  logError: ErrorLogger;
  /** The clock every rule reads. */
  clock: () => Date;
  /** Where each operation answered is counted and timed; none: not measured. */
  metrics?: KinroomMetrics;
  /** Where each operation answered is told at debug level; none: not told. */
  log?: Logger;
}

/**
 * graphql-js would run a subscription sent over HTTP as a one-off query with no event to resolve, and fail inside a
 * resolver; it is refused up front instead, saying where subscriptions are served.
 */
const SubscriptionsOverWebSocket: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError(
        'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP.',
        { nodes: [node] },
      ),
    );
  },
});

/** Kinroom's validation rules beyond graphql-js's own, by transport. */
function ownRules(transport: Transport): ValidationRule[] {
  return transport === 'http' ? [...LIMIT_RULES, SubscriptionsOverWebSocket] : [...LIMIT_RULES];
}

/** How the parser is bounded: a document of more tokens is refused before any rule runs. */
const PARSE_OPTIONS = { maxTokens: LIMITS.maxTokens } as const;

/** Codes of the errors that say the client's document or variables cannot run: parse, validation, coercion. */
const UNRUNNABLE = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * The status GraphQL over HTTP asks for when a document cannot run (it does not parse, does not validate, or its
 * variables do not fit). Apollo answers 400 whatever the client accepts; the spec asks for that only with
 * `application/graphql-response+json`, and for 200 to a client that accepts only `application/json`, which may
 * not tell a GraphQL answer from a proxy's error by anything but the status.
 */
const LegacyJsonStatus: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response, errors }) {
        if (response.http.status !== 400 || !errors?.length) return;
        if (!errors.every((e) => UNRUNNABLE.has(String(e.extensions?.code)))) return;
        if (acceptsGraphQLResponse(request.http?.headers.get('accept'))) return;
        response.http.status = 200;
        response.http.headers.set('content-type', 'application/json; charset=utf-8');
      },
    };
  },
};

/** Each operation over HTTP measured once its answer is ready, whatever became of it. */
function measuredOverHttp(pipeline: OperationPipeline): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, request, document, errors, response }) {
          const failed =
            !!errors?.length ||
            (response.body.kind === 'single' && !!response.body.singleResult.errors?.length);
          // A document that did not validate has no operation resolved: its name is read from the document.
          const name =
            operationName ?? request.operationName ?? (document && getOperationAST(document)?.name?.value);
          pipeline.answered('http', name, started, failed);
        },
      };
    },
  };
}

/** Whether the client names `application/graphql-response+json` among what it accepts (and has not refused it). */
function acceptsGraphQLResponse(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'application/graphql-response+json') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * graphql-js leaves its own refusals without a code: a document that does not validate, variables that do not fit
 * the operation. Apollo tags them on HTTP; the socket must too, or the formatter would take a client's mistake for
 * a failure of ours.
 */
function asClientError(e: GraphQLError, code: string): GraphQLError {
  if (e.extensions.code) return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code },
  });
}

/**
 * The one way an operation is run, over HTTP and over WebSocket alike: parsed (bounded in tokens, kept in a bounded
 * cache), validated (graphql-js's rules, the limits, introspection off where configured, subscriptions only over
 * WebSocket), given its context, executed, and its errors formatted. Nothing of it is written twice.
 *
 * HTTP stays with Apollo Server, configured from here alone (`apolloOptions`): Apollo's own handling of HTTP
 * (content negotiation, CSRF prevention, GET, batching refused, the status of each failure) is what the
 * GraphQL-over-HTTP audits pass against, and running HTTP past it would mean writing all of that again. Apollo is
 * given this pipeline's parse options, rules, document cache, error formatter and executor, so it parses, validates,
 * executes and formats exactly as the WebSocket does; the WebSocket calls the same steps here directly.
 */
export class OperationPipeline {
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly schema: GraphQLSchema;
  /**
   * Documents that parsed and passed validation, one cache per transport: each is validated by its transport's
   * rules, so a document valid over WebSocket (a subscription) must never be taken from the cache by HTTP. Over
   * WebSocket they are held by their text: a thousand dashboards subscribing with the same operation parse and
   * validate it once, and hold one copy.
   */
  private readonly documents: Record<Transport, DocumentCache> = {
    http: new DocumentCache(),
    websocket: new DocumentCache(),
  };
  private readonly socketRules: readonly ValidationRule[];

  constructor(private readonly parts: PipelineParts) {
    this.schema = parts.schema;
    this.formatError = makeFormatError(parts.logError, { hideHints: parts.config.env === 'production' });
    this.socketRules = [
      ...specifiedRules,
      ...ownRules('websocket'),
      ...(parts.config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
  }

  /**
   * Apollo Server's configuration for HTTP: everything about how an operation runs comes from here, with the
   * plugins and persisted documents that only HTTP has. Apollo adds graphql-js's rules, and the introspection rule
   * when `introspection` is off, as the WebSocket's rules do.
   */
  apolloOptions(http: {
    plugins: ApolloServerPlugin<GraphQLContext>[];
    persistedQueries?: ApolloServerOptionsWithGateway<GraphQLContext>['persistedQueries'];
  }): ApolloServerOptionsWithGateway<GraphQLContext> {
    const { config, executor } = this.parts;
    return {
      persistedQueries: http.persistedQueries,
      // The schema, and how operations over HTTP are run (executor.ts).
      gateway: executor.gateway(),
      introspection: config.introspection,
      includeStacktraceInErrorResponses: false,
      documentStore: this.documents.http,
      parseOptions: PARSE_OPTIONS,
      // In production, no "did you mean" hints that would map the schema for someone without introspection.
      hideSchemaDetailsFromClientErrors: config.env === 'production',
      validationRules: ownRules('http'),
      formatError: this.formatError,
      plugins: [
        ...http.plugins,
        LegacyJsonStatus,
        ...(this.parts.metrics || this.parts.log ? [measuredOverHttp(this)] : []),
      ],
    };
  }

  /**
   * One operation answered (`started` from `performance.now()`), on either transport: counted and timed, and told at
   * debug level. The operation's name is the client's choice, so only a trusted document's is repeated.
   */
  answered(transport: Transport, name: string | null | undefined, started: number, failed: boolean): void {
    const { metrics, log } = this.parts;
    const seconds = (performance.now() - started) / 1000;
    const operation = metrics?.label(name) ?? OTHER_OPERATION;
    metrics?.observe(transport, operation, seconds, failed);
    if (log?.isLevelEnabled('debug'))
      log.debug({ transport, operation, seconds, failed }, 'kinroom: operation');
  }

  /** A fault of ours outside any one operation's answer (a WebSocket message that could not be handled): logged. */
  fault(err: unknown, what: string): void {
    this.parts.log?.error({ err }, `kinroom: error: ${what}`);
  }

  /** One operation's context, on either transport. */
  context(parts: Omit<ContextParts, 'orm' | 'config' | 'now'>): GraphQLContext {
    const { orm, config, clock } = this.parts;
    return createContext({ ...parts, orm, config, now: clock });
  }

  /**
   * A WebSocket operation's document, parsed and validated (or taken from the cache), or the errors that refuse it,
   * each with its code.
   */
  async document(query: string): Promise<DocumentNode | readonly GraphQLError[]> {
    if (query.length > LIMITS.maxDocumentChars) {
      return [
        new GraphQLError('The operation document is too large.', { extensions: { code: 'BAD_USER_INPUT' } }),
      ];
    }
    const cache = this.documents.websocket;
    let document = await cache.get(query);
    if (document) return document;
    try {
      document = parse(query, PARSE_OPTIONS);
    } catch (err) {
      return [new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const errors = validate(this.schema, document, this.socketRules);
    if (errors.length > 0) return errors.map((e) => asClientError(e, 'GRAPHQL_VALIDATION_FAILED'));
    await cache.set(query, document);
    return document;
  }

  /** Runs a query or a mutation. */
  execute(args: ExecutionArgs): Promise<ExecutionResult> {
    return this.parts.executor.execute(args);
  }

  /**
   * A subscription's source: its live feed, or the errors that refuse it. The access log records what the server
   * runs, not the name the client gave it.
   */
  subscribe(args: ExecutionArgs, operation: OperationDefinitionNode) {
    (args.contextValue as GraphQLContext).operation.ran(args.document, operation);
    return createSourceEventStream(args);
  }

  /**
   * An executed operation's answer, ready to send. A resolver's error always has a path; one without is the
   * request's own (variables that do not fit), and is the client's to fix.
   */
  answer(result: ExecutionResult): FormattedExecutionResult {
    const errors = result.errors?.map((e) => (e.path ? e : asClientError(e, 'BAD_USER_INPUT')));
    return this.format(errors ? { ...result, errors } : result);
  }

  /** A result with its errors formatted (the one formatter, for HTTP and WebSocket). */
  format(result: ExecutionResult): FormattedExecutionResult {
    const { formatError } = this;
    return result.errors
      ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
      : result;
  }

  /** Errors that refuse an operation, formatted. */
  formatErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
    return errors.map((e) => this.formatError(e.toJSON(), e));
  }
}

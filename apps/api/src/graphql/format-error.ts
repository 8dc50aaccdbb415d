import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, KinroomError } from '../common/errors.js';
import { translateDatabaseError } from '../db/database-errors.js';
import { correlationId as handlingId } from '../observability/correlation.js';

export type ErrorLogger = (entry: { correlationId: string; error: unknown }) => void;

/** Codes GraphQL itself gives for a document or variables the client must fix; their messages are safe to show. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

function where(formatted: GraphQLFormattedError): Partial<GraphQLFormattedError> {
  return {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
}

/**
 * graphql-js stops coercing variables after 50 mistakes and says so with an error of no code of its own, which would
 * otherwise read as a fault of ours: it is the client's, like the 50 before it.
 */
const TOO_MANY_VARIABLE_ERRORS =
  'Too many errors processing variables, error limit reached. Execution aborted.';

/** GraphQL's spelling hints ("Did you mean …?") name fields, types and values that introspection would. */
const HINT = / ?Did you mean(.+?)\?$/;

/**
 * The one place errors become responses. A KinroomError keeps its code and message; a known database refusal is
 * translated; a client mistake keeps GraphQL's message (without its spelling hints when `hideHints`, as in
 * production, where the schema is not for browsing); anything else is logged in full with a correlation id and
 * reaches the client as a generic message, with no stack, SQL or internals.
 */
export function makeFormatError(log: ErrorLogger, options: { hideHints?: boolean } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const wrapped = original instanceof GraphQLError ? original.originalError : null;
    const known =
      original instanceof KinroomError
        ? original
        : wrapped instanceof KinroomError
          ? wrapped
          : translateDatabaseError(original);
    if (known) {
      return {
        message: known.message,
        ...where(formatted),
        extensions: { code: known.code, ...known.details },
      };
    }
    if (original instanceof GraphQLError && original.message === TOO_MANY_VARIABLE_ERRORS) {
      return { message: original.message, ...where(formatted), extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = String(formatted.extensions?.code ?? '');
    if (CLIENT_CODES.has(code) && original instanceof GraphQLError) {
      const limit = formatted.extensions?.limit;
      return {
        message: options.hideHints ? formatted.message.replace(HINT, '') : formatted.message,
        ...where(formatted),
        extensions: { code, ...(limit ? { limit } : {}) },
      };
    }
    // The request's own id when it has one: the lines logged while it ran carry it too.
    const correlationId = handlingId() ?? randomUUID();
    log({ correlationId, error: original });
    return {
      message: `${ERROR_CODES.INTERNAL_SERVER_ERROR} Quote reference ${correlationId} if you report it.`,
      ...where(formatted),
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
}

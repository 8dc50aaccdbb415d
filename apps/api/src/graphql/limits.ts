import {
  GraphQLError,
  Kind,
  type ASTNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Bounds on what one operation may ask for, applied alike to HTTP and WebSocket. Each is generous for the
 * dashboard and for integrators, and small enough that no single request can tie up the server.
 */
export const LIMITS = {
  /** Deepest selection nesting, counting from the root field as 1. */
  maxDepth: 10,
  /**
   * The same for introspection (`__schema`, `__type`), whose standard query nests type references about a dozen
   * levels deep: tools such as GraphiQL and codegen must be able to load the schema where introspection is on.
   */
  maxIntrospectionDepth: 16,
  /** Aliased fields in one document. */
  maxAliases: 20,
  /** Directives in one document. */
  maxDirectives: 20,
  /** Fields selected in one document, after expanding fragments: a simple measure of cost. */
  maxFields: 1000,
  /** Lexical tokens in one document (names, punctuation, values): bounds the parser's work before any rule runs. */
  maxTokens: 5000,
  /** Characters in one document. */
  maxDocumentChars: 50_000,
  /** Bytes in one HTTP request body or WebSocket message. */
  maxPayloadBytes: 100_000,
  /** Live subscriptions one WebSocket connection may hold. */
  maxSubscriptionsPerConnection: 20,
  /**
   * Signed-in WebSockets one person may hold open in one API process (every tab and device together), and the
   * operations (live subscriptions, and queries being answered) they may hold across all of them. Defaults: the
   * configuration can change them (`KINROOM_SOCKETS_PER_PERSON`, `KINROOM_SUBSCRIPTIONS_PER_PERSON`).
   */
  maxSocketsPerPerson: 20,
  maxSubscriptionsPerPerson: 200,
  /** Bytes waiting to be sent to one socket before it is closed as too slow to keep up (it can reconnect and replay). */
  maxSocketBacklogBytes: 4_000_000,
  /** How long an HTTP client may take to send its request headers, and its whole request. */
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  /** How long a new WebSocket has to authenticate. */
  connectionInitTimeoutMs: 5_000,
} as const;

function limitError(code: string, message: string, node?: ASTNode): GraphQLError {
  return new GraphQLError(message, {
    nodes: node ? [node] : undefined,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: code },
  });
}

function measure(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  depth: number,
  seen: Set<string>,
  acc: { depth: number; fields: number },
): void {
  for (const sel of set.selections) {
    if (acc.fields > LIMITS.maxFields || acc.depth > LIMITS.maxIntrospectionDepth) return;
    if (sel.kind === Kind.FIELD) {
      acc.fields += 1;
      acc.depth = Math.max(acc.depth, depth);
      if (sel.selectionSet) measure(sel.selectionSet, fragments, depth + 1, seen, acc);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      measure(sel.selectionSet, fragments, depth, seen, acc);
    } else {
      const frag = fragments[sel.name.value];
      // A fragment spread twice on one path is a cycle, which validation reports on its own.
      if (frag && !seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        measure(frag.selectionSet, fragments, depth, seen, acc);
        seen.delete(sel.name.value);
      }
    }
  }
}

/** Depth, aliases, directives and field count, as one validation rule. */
export const OperationLimits: ValidationRule = (context: ValidationContext) => {
  const doc = context.getDocument();
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  let aliases = 0;
  let directives = 0;
  return {
    Field(node) {
      if (node.alias) aliases += 1;
    },
    Directive() {
      directives += 1;
    },
    OperationDefinition(node) {
      const acc = { depth: 0, fields: 0 };
      measure(node.selectionSet, fragments, 1, new Set(), acc);
      const introspection = node.selectionSet.selections.every(
        (sel) => sel.kind === Kind.FIELD && sel.name.value.startsWith('__'),
      );
      const maxDepth = introspection ? LIMITS.maxIntrospectionDepth : LIMITS.maxDepth;
      if (acc.depth > maxDepth) {
        context.reportError(
          limitError('depth', `The operation is nested deeper than ${maxDepth} levels.`, node),
        );
      }
      if (acc.fields > LIMITS.maxFields) {
        context.reportError(
          limitError('cost', `The operation selects more than ${LIMITS.maxFields} fields.`, node),
        );
      }
    },
    Document: {
      leave() {
        if (aliases > LIMITS.maxAliases) {
          context.reportError(
            limitError('aliases', `The operation uses more than ${LIMITS.maxAliases} aliases.`),
          );
        }
        if (directives > LIMITS.maxDirectives) {
          context.reportError(
            limitError('directives', `The operation uses more than ${LIMITS.maxDirectives} directives.`),
          );
        }
      },
    },
  };
};

export const LIMIT_RULES: ValidationRule[] = [OperationLimits];

import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { AuditedOperation } from '../access/access-log.service.js';

/**
 * What an operation is, for the access log: its type and the root fields it asks for (`query child childHistory`),
 * worked out by the server from the document it runs, never taken from the client. The name the client gave the
 * operation is kept beside it, as a claim.
 *
 * The context is made before the document is parsed (Apollo asks for it first), so the executor tells it which
 * operation runs once that is known; each document's description is worked out once.
 */
export class OperationAudit implements AuditedOperation {
  private operation: OperationDefinitionNode | null = null;
  private document: DocumentNode | null = null;

  constructor(readonly clientName: string | null) {}

  /** Called by whoever runs the operation, once it is parsed, validated and chosen. */
  ran(document: DocumentNode, operation: OperationDefinitionNode): void {
    this.document = document;
    this.operation = operation;
  }

  get rootFields(): string {
    const { document, operation } = this;
    // Every path that runs an operation names it first; a read logged without one says so rather than guess.
    if (!document || !operation) return 'unknown';
    let known = described.get(operation);
    if (known === undefined) {
      known = describe(document, operation);
      described.set(operation, known);
    }
    return known;
  }
}

const described = new WeakMap<OperationDefinitionNode, string>();

function describe(document: DocumentNode, operation: OperationDefinitionNode): string {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  }
  const names = new Set<string>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!s.name.value.startsWith('__')) names.add(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!visited.has(s.name.value)) {
        visited.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment);
      }
    }
  };
  walk(operation.selectionSet);
  return [operation.operation, ...names].join(' ');
}

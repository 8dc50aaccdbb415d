import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import {
  Kind,
  parse,
  print,
  stripIgnoredCharacters,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Where integrators (and the benchmark) register documents: one `.graphql` file each (trusted/README.md). */
export const REGISTERED_DIR = new URL('./trusted/', import.meta.url);

/** The manifest: each trusted document's text by the SHA-256 of that text, in hex. */
export type Manifest = Record<string, string>;

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * What Apollo Client sends for a document (its `addTypenameToDocument`): `__typename` at the end of every selection
 * set but the operation's own, unless the set already asks for it (or for another `__` field).
 */
function withApolloTypenames(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet: {
      enter(node: SelectionSetNode, _key, parent) {
        if (parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION) return undefined;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__')))
          return undefined;
        return { ...node, selections: [...node.selections, TYPENAME] };
      },
    },
  });
}

/** Operations first, then fragments, each by name: the same text however the definitions were gathered. */
function definitionOrder(a: DefinitionNode, b: DefinitionNode): number {
  const rank = (d: DefinitionNode) => (d.kind === Kind.OPERATION_DEFINITION ? 0 : 1);
  const name = (d: DefinitionNode) => ('name' in d && d.name ? d.name.value : '');
  return rank(a) - rank(b) || name(a).localeCompare(name(b));
}

/**
 * The text the manifest holds for one operation with the fragments it uses: as Apollo Client sends it for the
 * dashboard's operations, exactly as written for registered ones; printed compactly, definitions in a fixed order.
 */
export function trustedText(document: DocumentNode, registered: ReadonlySet<string>): string {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const asSent = registered.has(operation?.name?.value ?? '') ? document : withApolloTypenames(document);
  return stripIgnoredCharacters(
    print({ ...asSent, definitions: [...asSent.definitions].sort(definitionOrder) }),
  );
}

export function trustedHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The names of the operations registered in `REGISTERED_DIR`. */
export function registeredOperations(dir: URL = REGISTERED_DIR): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
    for (const d of parse(readFileSync(new URL(file, dir), 'utf8')).definitions) {
      if (d.kind === Kind.OPERATION_DEFINITION && d.name) names.add(d.name.value);
    }
  }
  return names;
}

/** Every operation of `documents`, each with the fragments it uses (directly or through another fragment). */
export function manifestOf(documents: readonly DocumentNode[], registered: ReadonlySet<string>): Manifest {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const d of documents.flatMap((doc) => doc.definitions)) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    else if (d.kind === Kind.OPERATION_DEFINITION) operations.push(d);
  }
  const texts = operations.map((operation) => {
    const used = new Map<string, FragmentDefinitionNode>();
    const spreadsOf = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(fragment.name.value)) {
            used.set(fragment.name.value, fragment);
            spreadsOf(fragment);
          }
        },
      });
    spreadsOf(operation);
    return trustedText({ kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] }, registered);
  });
  return Object.fromEntries(texts.sort().map((text) => [trustedHash(text), text]));
}

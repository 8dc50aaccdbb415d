import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The dotted paths of every field selected under the current root field, fragments included (for example
 * `edges.node.observation.sections`). Used to load only what was asked for, and to write in the access log which
 * parts of a child's record were read. `@skip`/`@include` are ignored on purpose: logging a field that a directive
 * then dropped errs on the side of recording a read.
 */
export function selectedPaths(info: GraphQLResolveInfo): Set<string> {
  const paths = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, prefix: string, depth: number) => {
    if (!set || depth > 12) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name.startsWith('__')) continue;
        const path = prefix ? `${prefix}.${name}` : name;
        paths.add(path);
        visit(sel.selectionSet, path, depth + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet, prefix, depth + 1);
      } else {
        visit(info.fragments[sel.name.value]?.selectionSet, prefix, depth + 1);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, '', 0);
  return paths;
}

/** Whether `path` or anything under it was selected. */
export function selects(paths: ReadonlySet<string>, path: string): boolean {
  if (paths.has(path)) return true;
  for (const p of paths) if (p.startsWith(`${path}.`)) return true;
  return false;
}

/** The names of the fields selected directly under `path` (for example `room` for `edges.node.session.room.name`). */
export function fieldsUnder(paths: ReadonlySet<string>, path: string): Set<string> {
  const fields = new Set<string>();
  for (const p of paths) if (p.startsWith(`${path}.`)) fields.add(p.slice(path.length + 1).split('.', 1)[0]!);
  return fields;
}

import {
  getNamedType,
  GraphQLID,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLResolveInfo,
} from 'graphql';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import type { RootFieldGuard } from './root-guards.js';

/** Whether an input type holds an ID anywhere, worked out once per type: most inputs hold none, and are skipped. */
const holdsIds = new WeakMap<GraphQLInputType, boolean>();

function holdsId(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  const known = holdsIds.get(type);
  if (known !== undefined) return known;
  const named = getNamedType(type);
  let holds = false;
  if (isScalarType(named)) holds = named === GraphQLID;
  else if (isInputObjectType(named) && !seen.has(named)) {
    seen.add(named);
    holds = Object.values(named.getFields()).some((f) => holdsId(f.type, seen));
  }
  holdsIds.set(type, holds);
  return holds;
}

/** `agreementId` → "agreement", `secondStaffId` → "second staff"; a bare `id` names what the field returns. */
function recordNamed(name: string, fallback: string): string {
  const stem = /^ids?$/.test(name) ? fallback : name.replace(/Ids?$/, '');
  return stem.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** What kind of record the first malformed id in `value` was meant to name; null when every id is a UUID. */
function malformedId(value: unknown, type: GraphQLInputType, name: string, fallback: string): string | null {
  if (value === null || value === undefined || !holdsId(type)) return null;
  if (isNonNullType(type)) return malformedId(value, type.ofType, name, fallback);
  if (isListType(type)) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const found = malformedId(item, type.ofType, name, fallback);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      const found = malformedId(
        (value as Record<string, unknown>)[field.name],
        field.type,
        field.name,
        fallback,
      );
      if (found) return found;
    }
    return null;
  }
  return typeof value === 'string' && !isUuid(value) ? recordNamed(name, fallback) : null;
}

function fieldOf(info: GraphQLResolveInfo): GraphQLField<unknown, unknown> | undefined {
  return info.parentType.getFields()[info.fieldName];
}

/**
 * Every id is a UUID: a value that is not one names no record, and it is answered as a record that cannot be seen
 * is, NOT_FOUND, whichever query or mutation it is sent to, in an argument or deep in an input, and before anything
 * is read. It reveals nothing, and an integrator gets one code for one mistake. (A subscription is not looked up
 * by id: its events are answered from its feed.)
 */
export const refuseMalformedIds: RootFieldGuard = (args, _context, info) => {
  if (info.operation.operation === 'subscription') return;
  const field = fieldOf(info);
  if (!field) return;
  const fallback = getNamedType(field.type).name;
  for (const arg of field.args) {
    const what = malformedId(args[arg.name], arg.type, arg.name, fallback);
    if (what) throw notFound(what);
  }
};

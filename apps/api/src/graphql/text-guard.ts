import { badInput } from '../common/errors.js';
import type { RootFieldGuard } from './root-guards.js';

/** The path of the first string holding a NUL character, e.g. `input.description`; null when there is none. */
function nulAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulAt(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nulAt(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL cannot store the NUL character in text, and one in a query parameter breaks its wire protocol
 * outright; nobody types one. It is refused at the door of every root field, naming the argument it was found in,
 * instead of failing deep in the database as a fault of ours.
 */
export const refuseNulCharacters: RootFieldGuard = (args) => {
  const field = nulAt(args, '');
  if (field) throw badInput(`${field} contains a NUL character, which cannot be stored.`, { field });
};

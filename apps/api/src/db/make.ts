/**
 * Builds an entity instance from its fields. Entities declare their defaults as property initialisers, which the
 * ORM's `create` typing cannot see; this keeps construction typed without repeating every default.
 */
export function make<T extends object>(cls: new () => T, fields: Partial<T>): T {
  return Object.assign(new cls(), fields);
}

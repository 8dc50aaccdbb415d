const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value can be an id at all: ids are UUIDs in the database. Anything else names no record, so a lookup
 * answers it as NOT_FOUND (a filter argument, as BAD_USER_INPUT) without asking the database.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

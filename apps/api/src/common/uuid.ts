const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value can be an id at all: ids are UUIDs in the database. Anything else names no record: every ID
 * argument of a query or mutation is checked with this before it runs, and a malformed one is answered NOT_FOUND
 * without asking the database (graphql/id-guard.ts).
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids in the database: anything else is refused as NOT_FOUND before it reaches SQL. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id can name a record at all; anything else is answered NOT_FOUND without asking the database. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

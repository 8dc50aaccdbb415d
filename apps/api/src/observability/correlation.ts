import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What is known of the request or operation being handled; its id is made only when something needs it. */
interface Handling {
  id: string | undefined;
}

const current = new AsyncLocalStorage<Handling>();

/**
 * Runs `work` as one request or operation: every log line written while it runs, and the INTERNAL_SERVER_ERROR a
 * client may receive from it, carry the same correlation id, so that a council's IT team can find the lines behind
 * the reference a user quotes.
 */
export function handling<T>(work: () => T): T {
  return current.run({ id: undefined }, work);
}

/** The id of the request or operation being handled; undefined outside one (start-up, background jobs). */
export function correlationId(): string | undefined {
  const h = current.getStore();
  if (!h) return undefined;
  return (h.id ??= randomUUID());
}

import type { EventPayloads, EventTopic } from './event-log.js';

/**
 * One committed change, as read from the outbox. `id` is the cursor: a bigint, carried as a decimal string. Its
 * payload is as stored; `LiveEventOf` is the same event once its topic is known, with that topic's payload.
 */
export interface LiveEvent {
  id: string;
  /** `id` as a number, to compare positions without parsing it again for every subscriber. */
  seq: bigint;
  councilId: string;
  centreId: string | null;
  childId: string | null;
  topic: EventTopic;
  kind: string;
  subjectId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** An event of topic `T` (one of them, for a union), its payload as that topic's writers write it. */
export type LiveEventOf<T extends EventTopic> = {
  [K in T]: Omit<LiveEvent, 'topic' | 'payload'> & { topic: K; payload: EventPayloads[K] };
}[T];

/**
 * Whether `e` is of one of `topics`, typed as such: the payload is then the one that topic's writers must write
 * (`recordEvent` in event-log.ts).
 */
export function isOfTopic<T extends EventTopic>(
  e: LiveEvent,
  topics: readonly T[],
): e is LiveEvent & LiveEventOf<T> {
  return (topics as readonly EventTopic[]).includes(e.topic);
}

export const EVENT_COLUMNS =
  'id::text as id, council_id, centre_id, child_id, topic, kind, subject_id, payload, created_at';

export function toLiveEvent(row: Record<string, unknown>): LiveEvent {
  return {
    id: String(row.id),
    seq: BigInt(String(row.id)),
    councilId: String(row.council_id),
    centreId: (row.centre_id as string | null) ?? null,
    childId: (row.child_id as string | null) ?? null,
    topic: row.topic as EventTopic,
    kind: String(row.kind),
    subjectId: (row.subject_id as string | null) ?? null,
    payload: (row.payload as Record<string, unknown>) ?? {},
    createdAt: new Date(row.created_at as string),
  };
}

import type { EventTopic } from './event-log.js';

/** One committed change, as read from the outbox. `id` is the cursor: a bigint, carried as a decimal string. */
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

import type { EntityManager } from '@mikro-orm/postgresql';
import { make } from '../db/make.js';
import { EventRecord } from './event.entity.js';

/** The topics a live view can follow; one file so that writers and subscribers agree. */
export type EventTopic = 'room' | 'session' | 'flag' | 'agreement' | 'observation';

export interface NewEvent {
  councilId: string;
  centreId: string | null;
  childId: string | null;
  topic: EventTopic;
  kind: string;
  subjectId: string;
  payload?: Record<string, unknown>;
}

/**
 * Adds an outbox row to the caller's unit of work, so that it commits (and wakes listeners) together with the
 * change it describes, or not at all.
 */
export function recordEvent(em: EntityManager, e: NewEvent): EventRecord {
  const row = make(EventRecord, { ...e, payload: e.payload ?? {} });
  em.persist(row);
  return row;
}

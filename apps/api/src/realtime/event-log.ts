import type {
  FlagCategory,
  FlagSeverity,
  FlagStatus,
  ObservationStatus,
  SessionStatus,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgreementStatus } from '../agreements/agreement.entity.js';
import { make } from '../db/make.js';
import type { RoomCondition } from '../rooms/room.entity.js';
import { EventRecord } from './event.entity.js';

/**
 * What each topic's events carry, one entry per topic: writers must write it (`recordEvent` does not compile with a
 * payload of another shape) and live subscriptions read it (live-topics.ts).
 */
export interface EventPayloads {
  /** A session booked, moved, cancelled or run (sessions/session-events.ts). */
  session: {
    status: SessionStatus;
    roomId: string;
    supervisorId: string;
    secondStaffId: string | null;
    /** Subscription filters read it to tell current work from old (access/live.ts, `isCurrentSessionEvent`). */
    endsAt: string;
  };
  /**
   * A room's condition set by staff, or set to needing tidying by a session's end (rooms/room.service.ts); or the
   * room created or renamed, resized or refitted by an admin (kind `created` or `updated`).
   */
  room: {
    roomId: string;
    previousCondition: RoomCondition | null;
    condition: RoomCondition;
    conditionNote: string | null;
    version: number;
    changedAt: string;
    changedById: string | null;
    sessionId?: string;
    /** A room created or changed by an admin (admin/room-admin.service.ts): what the board shows of it now. */
    name?: string;
    capacity?: number;
    facilities?: string[];
  };
  /** A safeguarding flag raised, acknowledged, escalated or resolved (safeguarding/). */
  flag: {
    status: FlagStatus;
    severity: FlagSeverity;
    category: FlagCategory;
    /** Raised: the child's social worker, whom it reaches at once. */
    socialWorkerId?: string | null;
    /** Acknowledged: by whom. */
    by?: string;
    /** Escalated: by the escalation job rather than by a person. */
    automatic?: boolean;
  };
  /** A contact agreement's change; its details differ by kind (agreements/). Not followed live. */
  agreement: { status?: AgreementStatus } & Record<string, unknown>;
  /**
   * An observation record's step or amendment; sealed records carry their hash (observations/). Followed live by the
   * manager of the session's centre (`observationChanged`).
   */
  observation: { status?: ObservationStatus; contentHash?: string | null } & Record<string, unknown>;
  /**
   * Who a person is has changed in a way that ends or narrows their sign-ins: deactivated, signed out, an API key
   * revoked, another role or centre (auth/access-change.ts). Every process's socket server reads them again at once.
   * Not followed live.
   */
  access: { userId: string };
}

/** The topics a live view can follow. */
export type EventTopic = keyof EventPayloads;

/** An outbox row to write, of topic `T` with `T`'s payload. */
export type NewEvent<T extends EventTopic = EventTopic> = {
  [K in T]: {
    councilId: string;
    centreId: string | null;
    childId: string | null;
    topic: K;
    kind: string;
    subjectId: string;
    payload: EventPayloads[K];
  };
}[T];

/**
 * Adds an outbox row to the caller's unit of work, so that it commits (and wakes listeners) together with the
 * change it describes, or not at all.
 */
export function recordEvent<T extends EventTopic>(em: EntityManager, e: NewEvent<T>): EventRecord {
  const row = make(EventRecord, { ...e, payload: e.payload as Record<string, unknown> });
  em.persist(row);
  return row;
}

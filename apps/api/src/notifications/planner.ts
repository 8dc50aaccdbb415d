import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { EVENT_COLUMNS, toLiveEvent } from '../realtime/live-event.js';
import type { Channels } from './channel.js';
import type { PlannedMessage } from './purposes.js';
import { planDue, planForEvents } from './rules/index.js';

/** Most outbox events one plan reads; a longer backlog is planned by the next runs, in order. */
export const PLAN_BATCH = 500;

export interface PlanResult {
  /** Outbox events read. */
  events: number;
  /** Ids of the messages stored now to be sent (not those stored as not sent, nor those planned before). */
  queued: string[];
  /** Messages stored, whatever their status. */
  stored: number;
  /** Whether events remain after this batch. */
  more: boolean;
}

/**
 * Plans the messages of the outbox's next events, in one transaction: the planner's cursor is locked (a second
 * planner, in this process or another, waits and then starts where this one stopped), the events after it are read
 * in id order, the rules say which messages they call for, those are stored (a message already stored under the same
 * key is left as it is), and the cursor moves past the events read. A failure rolls all of it back, so the same
 * events are planned again; their keys keep that from storing any message twice.
 *
 * Event ids become visible in id order (the outbox's trigger takes them under a lock held to commit), so an event
 * committed after this read always has a higher id than the cursor: none is ever skipped. A change rolled back never
 * wrote its event, so it plans nothing.
 */
export async function planFromOutbox(
  em: EntityManager,
  channels: Pick<Channels, 'supports'>,
  batch: number = PLAN_BATCH,
): Promise<PlanResult> {
  return em.fork().transactional(async (tx) => {
    const cursor = await tx.execute<{ last: string }[]>(
      'select last_event_id::text as last from message_cursor where id = 1 for update',
    );
    const last = cursor[0]?.last;
    if (last === undefined) throw new Error('the message cursor row is missing (migration 0016)');
    const rows = await tx.execute<Record<string, unknown>[]>(
      `select ${EVENT_COLUMNS} from event where event.id > ? order by event.id limit ?`,
      [last, batch],
    );
    if (rows.length === 0) return { events: 0, queued: [], stored: 0, more: false };
    const events = rows.map(toLiveEvent);
    const planned = await planForEvents(tx, events, channels);
    const stored = await storePlanned(tx, planned);
    await tx.execute('update message_cursor set last_event_id = ? where id = 1', [
      events[events.length - 1]!.id,
    ]);
    return {
      events: events.length,
      queued: stored.filter((m) => m.status === 'queued').map((m) => m.id),
      stored: stored.length,
      more: events.length === batch,
    };
  });
}

/**
 * Plans the messages that have fallen due by time at `now` (a reminder the day before, a record gone overdue), in
 * one transaction. Their keys name the due moment, so a second run plans nothing new. Returns the ids of the
 * messages stored to be sent.
 */
export async function planDueMessages(
  em: EntityManager,
  now: Date,
  channels: Pick<Channels, 'supports'>,
): Promise<string[]> {
  return em.fork().transactional(async (tx) => {
    const planned = await planDue(tx, now, channels);
    const stored = await storePlanned(tx, planned);
    return stored.filter((m) => m.status === 'queued').map((m) => m.id);
  });
}

/**
 * Stores planned messages in one statement; a message whose key is already stored (planned before, or twice in
 * the batch) is skipped. Returns the rows stored now.
 */
export async function storePlanned(
  tx: EntityManager,
  planned: readonly PlannedMessage[],
): Promise<{ id: string; status: 'queued' | 'not_sent' }[]> {
  if (planned.length === 0) return [];
  const rows = planned.map((p) => ({
    id: randomUUID(),
    council_id: p.councilId,
    dedupe_key: p.dedupeKey,
    event_id: p.eventId,
    purpose: p.purpose,
    centre_id: p.about.centreId,
    child_id: p.about.childId,
    session_id: p.about.sessionId ?? null,
    agreement_id: p.about.agreementId ?? null,
    flag_id: p.about.flagId ?? null,
    observation_id: p.about.observationId ?? null,
    recipient_kind: p.recipientKind,
    recipient_id: p.recipientId,
    channel: p.channel,
    languages: p.languages,
    status: p.notSentReason ? 'not_sent' : 'queued',
    not_sent_reason: p.notSentReason ?? null,
  }));
  return tx.execute<{ id: string; status: 'queued' | 'not_sent' }[]>(
    `insert into message (id, council_id, dedupe_key, event_id, purpose, centre_id, child_id, session_id,
       agreement_id, flag_id, observation_id, recipient_kind, recipient_id, channel, languages, status,
       not_sent_reason, planned_at)
     select id, council_id, dedupe_key, event_id, purpose, centre_id, child_id, session_id, agreement_id, flag_id,
       observation_id, recipient_kind, recipient_id, channel, languages, status, not_sent_reason, now()
     from jsonb_to_recordset(?::jsonb) as r (id uuid, council_id uuid, dedupe_key text, event_id bigint,
       purpose text, centre_id uuid, child_id uuid, session_id uuid, agreement_id uuid, flag_id uuid,
       observation_id uuid, recipient_kind text, recipient_id uuid, channel text, languages text, status text,
       not_sent_reason text)
     on conflict (council_id, dedupe_key) do nothing
     returning id, status`,
    [JSON.stringify(rows)],
  );
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditedOperation } from '../access/access-log.service.js';
import { assertCentre } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { logMessageReads, messagesStatement, toMessageRow, type MessageRow } from './message.loaders.js';

/** How far back the manager's list of messages that failed reads. */
export const FAILURES_RECENT_DAYS = 30;
/** The most failures one read lists: more than a desk can act on, and a bound on a runaway channel. */
export const FAILURES_MAX = 200;
const DAY_MS = 86_400_000;

/**
 * The messages about a centre's work that did not reach the person in the last `FAILURES_RECENT_DAYS` days, newest
 * first, for its manager (docs/notifications.md, docs/desk.md): those given up as failed, and those that could not be
 * sent at all because nobody recorded how to reach the person (the family must then be told another way). A message
 * deliberately not sent (do not contact) or not sent because a channel is not set up is not a failure to chase.
 */
export async function centreMessageFailures(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
  centreId: string,
  now: Date,
): Promise<MessageRow[]> {
  assertCentre(viewer, centreId);
  const since = new Date(now.getTime() - FAILURES_RECENT_DAYS * DAY_MS);
  const statement = messagesStatement(
    viewer,
    `m.council_id = ? and m.centre_id = ?
       and (m.status = 'failed' or (m.status = 'not_sent' and m.not_sent_reason = 'no_contact_details'))
       and coalesce(m.failed_at, m.planned_at) >= ?`,
    `order by coalesce(m.failed_at, m.planned_at) desc, m.id limit ${FAILURES_MAX}`,
  );
  if (!statement) return [];
  const rows = await em
    .getConnection()
    .execute<Parameters<typeof toMessageRow>[0][]>(statement.sql, [
      viewer.councilId,
      centreId,
      since,
      ...statement.params(),
    ]);
  const found = rows.map(toMessageRow);
  await logMessageReads(em, viewer, operation, found);
  return found;
}

/**
 * How many messages about a centre's work in the last `FAILURES_RECENT_DAYS` days were recorded as not sent because
 * no way out is set up for their channel (no mail server, no GOV.UK Notify): the manager's sign that such messages are
 * not going out at all, as in the demo. A count only: no person or child is read.
 */
export async function centreMessagesNotSetUp(
  em: EntityManager,
  viewer: Viewer,
  centreId: string,
  now: Date,
): Promise<number> {
  assertCentre(viewer, centreId);
  const since = new Date(now.getTime() - FAILURES_RECENT_DAYS * DAY_MS);
  const [row] = await em.getConnection().execute<{ n: number }[]>(
    `select count(*)::int as n from message
      where council_id = ? and centre_id = ? and status = 'not_sent'
        and not_sent_reason = 'channel_not_configured' and planned_at >= ?`,
    [viewer.councilId, centreId, since],
  );
  return row?.n ?? 0;
}

/**
 * A child's messages about no one session, oldest first, within a range of when they were planned; the caller has
 * checked the viewer may read the child (the history page does, before anything is answered).
 */
export async function childMessagesOutsideSessions(
  em: EntityManager,
  viewer: Viewer,
  operation: AuditedOperation,
  range: { childId: string; from: Date | null; to: Date | null },
): Promise<MessageRow[]> {
  const statement = messagesStatement(
    viewer,
    `m.council_id = ? and m.child_id = ? and m.session_id is null
       and m.planned_at >= coalesce(?::timestamptz, '-infinity') and m.planned_at < coalesce(?::timestamptz, 'infinity')`,
  );
  if (!statement) return [];
  const rows = await em
    .getConnection()
    .execute<Parameters<typeof toMessageRow>[0][]>(statement.sql, [
      viewer.councilId,
      range.childId,
      range.from,
      range.to,
      ...statement.params(),
    ]);
  const found = rows.map(toMessageRow);
  await logMessageReads(em, viewer, operation, found);
  return found;
}
